package eu.art32.path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TraceOutputTest {
  @Test
  void readsANumericTcpTraceWithAHopThatDidNotAnswer() {
    TraceOutput trace =
        TraceOutput.parse(
            """
            traceroute to 192.0.2.10 (192.0.2.10), 30 hops max, 60 byte packets
             1  198.51.100.1  0.081 ms
             2  *
             3  203.0.113.1  12.500 ms !H
             4  192.0.2.10  13.020 ms
            """);
    assertThat(trace.destination()).isEqualTo("192.0.2.10");
    assertThat(trace.hops())
        .containsExactly(
            new TraceOutput.Hop(1, "198.51.100.1", 0.081, null),
            new TraceOutput.Hop(2, null, null, null),
            new TraceOutput.Hop(3, "203.0.113.1", 12.5, "!H"),
            new TraceOutput.Hop(4, "192.0.2.10", 13.02, null));
    assertThat(trace.reached()).isTrue();
  }

  @Test
  void readsSeveralProbesPerHopWithNamesAndTwoRoutersAtOneHop() {
    TraceOutput trace =
        TraceOutput.parse(
            """
            traceroute to db2.example.no (192.0.2.10), 30 hops max, 60 byte packets
             1  gw.example.no (198.51.100.1)  0.310 ms  0.250 ms  0.280 ms
             2  198.51.100.9 (198.51.100.9)  1.2 ms 198.51.100.13 (198.51.100.13)  1.1 ms *
             3  * * *
            """);
    assertThat(trace.hops())
        .containsExactly(
            new TraceOutput.Hop(1, "198.51.100.1", 0.25, null),
            new TraceOutput.Hop(2, "198.51.100.9", 1.2, null),
            new TraceOutput.Hop(2, "198.51.100.13", 1.1, null),
            new TraceOutput.Hop(3, null, null, null));
    assertThat(trace.reached()).as("the last hop did not answer").isFalse();
  }

  @Test
  void readsIpv6AndIgnoresWhatIsNotAHop() {
    TraceOutput trace =
        TraceOutput.parse(
            """
            Warning: Permanently added 'db1' (ED25519) to the list of known hosts.
            traceroute to 2001:db8::10 (2001:db8::10), 30 hops max, 80 byte packets
             1  2001:db8::1  0.1 ms
             2  2001:db8::10  0.4 ms
            """);
    assertThat(trace.hops().stream().map(TraceOutput.Hop::address).toList())
        .isEqualTo(List.of("2001:db8::1", "2001:db8::10"));
    assertThat(trace.reached()).isTrue();
  }

  @Test
  void refusesOutputWithoutATraceNamingItsFirstLine() {
    assertThatThrownBy(
            () ->
                TraceOutput.parse(
                    "You do not have enough privileges to use this traceroute method.\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("You do not have enough privileges");
    assertThatThrownBy(() -> TraceOutput.parse("")).hasMessageContaining("printed nothing");
  }
}
