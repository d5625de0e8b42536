package eu.art32.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MessagesTest {
  @Test
  void bothLanguagesHaveTheSameKeysAndPlaceholders() {
    Messages en = new Messages("en");
    Messages nb = new Messages("nb");

    assertThat(nb.texts().keySet()).containsExactlyInAnyOrderElementsOf(en.texts().keySet());
    for (String key : en.texts().keySet()) {
      assertThat(placeholders(nb.texts().get(key)))
          .as(key)
          .isEqualTo(placeholders(en.texts().get(key)));
    }
  }

  @Test
  void numbersAndDatesFollowTheLocale() {
    assertThat(new Messages("en").number(12345.678)).isEqualTo("12,345.678");
    assertThat(new Messages("nb").number(12345.678)).isEqualTo("12\u00a0345,678");
    assertThat(new Messages("nb").text("verdict.partial", 3)).startsWith("3 funn ikke vurdert");
    assertThat(new Messages("en").dateTime("2026-11-26T07:00:00Z"))
        .isEqualTo("26 Nov 2026, 07:00:00 UTC");
    assertThat(new Messages("nb").dateTime("2026-11-26T07:00:00Z"))
        .isEqualTo("26. nov. 2026 kl. 07:00:00 UTC");
    assertThatThrownBy(() -> new Messages("de"))
        .hasMessageContaining("--lang: expected one of en, nb");
  }

  private static long placeholders(String text) {
    Matcher m = Pattern.compile("\\{\\d}").matcher(text);
    return m.results().count();
  }
}
