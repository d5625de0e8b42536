package eu.art32.latency;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class RttSamplerTest {
  @Test
  void aClosedPortCountsEverySampleAsFailedWithoutTryingThemAll() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    RttSampler.Samples samples = new RttSampler(50, 5).tcp("127.0.0.1", port);

    assertThat(samples.ms()).isEmpty();
    assertThat(samples.failures()).isEqualTo(50);
    assertThat(samples.lastError()).contains("refused");
  }

  @Test
  void anOpenPortGivesEverySample() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread.ofPlatform()
          .daemon()
          .start(
              () -> {
                while (!s.isClosed()) {
                  try {
                    s.accept().close();
                  } catch (Exception e) {
                    return;
                  }
                }
              });
      RttSampler.Samples samples = new RttSampler(20, 2).tcp("127.0.0.1", s.getLocalPort());

      assertThat(samples.ms()).hasSize(20).allMatch(ms -> ms > 0);
      assertThat(samples.failures()).isZero();
    }
  }
}
