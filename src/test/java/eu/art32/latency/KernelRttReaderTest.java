package eu.art32.latency;

import static org.assertj.core.api.Assertions.assertThat;

import eu.art32.evidence.KernelRtt;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

class KernelRttReaderTest {
  /** `ss -tinpH state established dst 127.0.0.1:34001` as printed here (lines shortened). */
  private static final String SS =
      """
      0      0      127.0.0.1:38798     127.0.0.1:34001 users:(("java",pid=4006,fd=64))
      \t bbr wscale:10,10 rto:204 rtt:9.588/0.925 ato:40 mss:32768 bbr:(bw:43690656248bps,mrtt:0.006) minrtt:0.011 snd_wnd:65536
      0      0      127.0.0.1:38800     127.0.0.1:34001 users:(("java",pid=4006,fd=65))
      \t bbr wscale:10,10 rto:204 rtt:0.071/0.025 ato:40 minrtt:0.02 snd_wnd:123904
      0      0      127.0.0.1:38802     127.0.0.1:34001 users:(("mariadbd",pid=4258,fd=16))
      \t bbr wscale:10,10 rto:204 rtt:0.001/0.025 ato:40 minrtt:0.001 snd_wnd:123904
      """;

  @Test
  void theSmallestEstimatesOfThisProcesssConnectionsCount() {
    KernelRtt rtt = KernelRttReader.parse(SS, 4006);
    assertThat(rtt.connections()).isEqualTo(2);
    assertThat(rtt.minRttMs()).as("minrtt, not bbr's mrtt").isEqualTo(0.011);
    assertThat(rtt.srttMs()).isEqualTo(0.071);
    assertThat(KernelRttReader.parse(SS, 99)).as("no connection of pid 99").isNull();
  }

  @Test
  void anOpenLoopbackConnectionHasAKernelEstimate() throws IOException {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        Socket accepted = server.accept()) {
      client.getOutputStream().write(1);
      accepted.getInputStream().read();
      org.junit.jupiter.api.Assumptions.assumeTrue(
          eu.art32.Shell.run(
                  java.util.List.of("ss", "-V"),
                  java.time.Duration.ofSeconds(5),
                  java.util.Map.of())
              .succeeded(),
          "ss (iproute2) is not installed");
      KernelRtt rtt = KernelRttReader.read("127.0.0.1", server.getLocalPort());
      assertThat(rtt).as("this process's loopback connection, seen by the kernel").isNotNull();
      assertThat(rtt.connections()).isEqualTo(1);
      assertThat(rtt.minRttMs()).isGreaterThanOrEqualTo(0).isLessThanOrEqualTo(rtt.srttMs());
    }
  }
}
