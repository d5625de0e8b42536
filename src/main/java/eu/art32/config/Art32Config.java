package eu.art32.config;

import eu.art32.UsageException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A whole art32.yaml: who runs it, whose personal data the pairs hold (null: not stated) and the
 * pairs it covers.
 */
public record Art32Config(
    Path file,
    String operator,
    GeoIpConfig geoip,
    EvidenceConfig evidence,
    List<PairConfig> pairs,
    Controller controller) {
  public Art32Config {
    Objects.requireNonNull(file, "file");
    pairs = List.copyOf(pairs);
  }

  /**
   * The pairs a run covers: the one named, or those carrying any of {@code tags}, or all; a
   * selection that matches nothing is a usage error.
   */
  public List<PairConfig> select(String pairName, List<String> tags) {
    List<PairConfig> named = pairName == null ? pairs : select(pairName);
    if (tags.isEmpty()) {
      return bounded(named);
    }
    List<PairConfig> tagged =
        named.stream().filter(p -> p.tags().stream().anyMatch(tags::contains)).toList();
    if (tagged.isEmpty()) {
      throw new UsageException(
          "no pair "
              + (pairName == null ? "" : "named '" + pairName + "' ")
              + "tagged "
              + String.join(" or ", tags)
              + " in "
              + file);
    }
    return bounded(tagged);
  }

  /**
   * The most pairs one run covers: its evidence is one file that {@code art32 report --from} reads
   * back and renders whole, so a larger fleet runs in parts (by tag); art32 refuses more.
   */
  public static final int MAX_PAIRS_PER_RUN = 1000;

  private List<PairConfig> bounded(List<PairConfig> selected) {
    if (selected.size() > MAX_PAIRS_PER_RUN) {
      throw new UsageException(
          selected.size()
              + " pairs selected in "
              + file
              + "; one run covers at most "
              + MAX_PAIRS_PER_RUN
              + ": run the fleet in parts with --tag; nothing was run");
    }
    return selected;
  }

  /** The pairs a run covers: all of them, or the one named. */
  public List<PairConfig> select(String pairName) {
    if (pairName == null) {
      return bounded(pairs);
    }
    return pairs.stream()
        .filter(p -> p.name().equals(pairName))
        .findFirst()
        .map(List::of)
        .orElseThrow(
            () ->
                new UsageException(
                    "no pair named '"
                        + pairName
                        + "' in "
                        + file
                        + " (pairs: "
                        + String.join(", ", pairs.stream().map(PairConfig::name).toList())
                        + ")"));
  }

  /** The same config with one pair's drill settings replaced (art32 drill --fault ...). */
  public Art32Config withDrill(String pairName, UnaryOperator<DrillConfig> change) {
    return withPair(
        pairName,
        p ->
            new PairConfig(
                p.name(),
                p.environment(),
                p.tags(),
                p.primary(),
                p.replica(),
                p.objectives(),
                p.mirror(),
                p.runbook(),
                change.apply(p.drill()),
                p.checks()));
  }

  /**
   * The same config with one pair's primary and replica exchanged: how the pair stands after a
   * drill that failed back by swapping roles.
   */
  public Art32Config withRolesSwapped(String pairName) {
    return withPair(
        pairName,
        p ->
            new PairConfig(
                p.name(),
                p.environment(),
                p.tags(),
                p.replica(),
                p.primary(),
                p.objectives(),
                p.mirror(),
                p.runbook(),
                p.drill(),
                p.checks()));
  }

  private Art32Config withPair(String pairName, UnaryOperator<PairConfig> change) {
    return new Art32Config(
        file,
        operator,
        geoip,
        evidence,
        pairs.stream().map(p -> p.name().equals(pairName) ? change.apply(p) : p).toList(),
        controller);
  }
}
