package eu.art32.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.art32.area.AreaCheck;
import eu.art32.area.AreaContext;
import eu.art32.area.AreaResult;
import eu.art32.rules.Resources;
import eu.art32.rules.RuleBook;
import eu.art32.topology.NodeConnector;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AreaChecksTest {
  private static final RuleBook RULES = RuleBook.load(new Resources("rules", null));

  private static List<String> registry() {
    return AreaChecks.forRun(
            new AreaChecks.Run(
                RULES,
                null,
                new NodeConnector(Duration.ofSeconds(5), Duration.ofSeconds(5)),
                Clock.systemUTC(),
                false,
                null,
                Map.of()))
        .stream()
        .map(AreaCheck::area)
        .toList();
  }

  @Test
  void everyAreaButTheDrillsFiguresAndTheReplicationSettingsHasOneCheck() {
    List<String> checked = registry();
    assertThat(checked).doesNotHaveDuplicates().isSubsetOf(RuleBook.AREAS);
    assertThat(RuleBook.AREAS.stream().filter(a -> !checked.contains(a)))
        .as("judged by the auditor as it reads the nodes, and by a drill")
        .containsExactlyInAnyOrder("replication", "rpo", "rto");
  }

  @Test
  void theLatencyIsMeasuredBeforeTheResidencyThatReadsIt() {
    List<String> checked = registry();
    assertThat(checked.indexOf("latency")).isLessThan(checked.indexOf("residency"));
  }

  @Test
  void aCheckForAnUnknownAreaOrASecondCheckForOneAreaIsRefused() {
    assertThatThrownBy(() -> AreaChecks.checked(List.of(check("lagg"))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("unknown area 'lagg'");
    assertThatThrownBy(() -> AreaChecks.checked(List.of(check("path"), check("path"))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("two checks for area 'path'");
  }

  private static AreaCheck check(String area) {
    return new AreaCheck() {
      @Override
      public String area() {
        return area;
      }

      @Override
      public Stage stage() {
        return Stage.SLOT;
      }

      @Override
      public AreaResult run(AreaContext context) {
        return AreaResult.of(List.of());
      }
    };
  }
}
