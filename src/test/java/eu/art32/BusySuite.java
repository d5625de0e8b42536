package eu.art32;

import java.time.Duration;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * With {@code ART32_TEST_BUSY=N} in the environment, every test JVM (Surefire's and Failsafe's)
 * keeps N spinners per core running for its whole session: {@code ART32_TEST_BUSY=1 ./mvnw verify}
 * runs the suite as on a shared runner whose cores other work uses. Registered in
 * META-INF/services; without the variable it does nothing.
 */
public final class BusySuite implements LauncherSessionListener {
  private BusyCores busy;

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    String factor = System.getenv("ART32_TEST_BUSY");
    if (factor != null && factor.matches("[1-9]")) {
      busy = BusyCores.startSuite(Integer.parseInt(factor), Duration.ofMinutes(90));
    }
  }

  @Override
  public void launcherSessionClosed(LauncherSession session) {
    if (busy != null) {
      busy.close();
    }
  }
}
