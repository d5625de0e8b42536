package eu.art32.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TimedFigureTest {
  @Test
  void aVerdictNeedsBothFiguresOnTheSameSideOfTheLimit() {
    assertThat(new TimedFigure(4.9, 4.9).against(5, false)).isEqualTo(Status.PASS);
    assertThat(new TimedFigure(5.0, 5.0).against(5, false)).as("< 5 ms").isEqualTo(Status.FAIL);
    assertThat(new TimedFigure(5.0, 5.0).against(5, true)).as("<= 5 ms").isEqualTo(Status.PASS);
    assertThat(new TimedFigure(9.0, 6.0).against(5, false))
        .as("over even without the host's delays")
        .isEqualTo(Status.FAIL);
    assertThat(new TimedFigure(9.0, 0.2).against(5, false))
        .as("the host may have made it")
        .isEqualTo(Status.WARN);
    assertThat(new TimedFigure(3.0, 7.0).undistorted())
        .as("never above the measured figure")
        .isEqualTo(3.0);
    assertThat(new TimedFigure(3.0, 2.0).distorted()).isTrue();
    assertThat(new TimedFigure(3.0, 3.0).distorted()).isFalse();
  }
}
