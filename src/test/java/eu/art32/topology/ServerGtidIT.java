package eu.art32.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import eu.art32.TestServer;
import eu.art32.cli.CliRun;
import eu.art32.config.OptionFile;
import eu.art32.sandbox.SandboxNode;
import eu.art32.sandbox.SandboxState;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * art32's MySQL GTID set arithmetic (parse, union, subtract, subset) against the oracle that
 * matters: the server's own GTID_SUBTRACT and GTID_SUBSET, on thousands of generated sets. Runs on
 * the MySQL test servers; MariaDB has no such functions and its positions are checked in GtidTest.
 */
class ServerGtidIT {
  private static final String[] UUIDS = {
    "3e11fa47-71ca-11e1-9e33-c80aa9429562",
    "0b2c5d4e-0000-4000-8000-000000000001",
    "ffffffff-ffff-4fff-bfff-fffffffffffe"
  };

  @Test
  void setArithmeticAgreesWithTheServer(@TempDir Path root) throws Exception {
    assumeTrue(TestServer.mysql(), "GTID_SUBTRACT and GTID_SUBSET are MySQL's; MariaDB has none");
    Path dir = root.resolve("sandbox");
    CliRun up = CliRun.of(TestServer.sandboxUp(dir));
    assertThat(up.exitCode()).as(up.err()).isZero();
    try {
      SandboxNode node = SandboxState.read(dir).nodes().get(0);
      Properties p = new Properties();
      p.setProperty("user", "art32");
      p.setProperty(
          "password", OptionFile.clientOptions(dir.resolve("client.cnf")).get("password"));
      p.setProperty("sslMode", TestServer.sslMode());
      Random random = new Random(20261202L);
      int compared = 0;
      try (Connection c =
              DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + node.port() + "/", p);
          PreparedStatement q =
              c.prepareStatement(
                  "SELECT GTID_SUBTRACT(?, ?), GTID_SUBTRACT(?, ?), GTID_SUBSET(?, ?),"
                      + " GTID_SUBTRACT(?, '')")) {
        for (int round = 0; round < 3000; round++) {
          String a = randomSet(random);
          String b = randomSet(random);
          String union = a.isEmpty() ? b : b.isEmpty() ? a : a + "," + b;
          q.setString(1, a);
          q.setString(2, b);
          q.setString(3, b);
          q.setString(4, a);
          q.setString(5, a);
          q.setString(6, b);
          q.setString(7, union);
          MySqlGtidSet left = MySqlGtidSet.parse(a);
          MySqlGtidSet right = MySqlGtidSet.parse(b);
          try (ResultSet rs = q.executeQuery()) {
            rs.next();
            String why = "a=" + a + " b=" + b;
            assertThat(left.minus(right).toString()).as(why).isEqualTo(flat(rs.getString(1)));
            assertThat(right.minus(left).toString()).as(why).isEqualTo(flat(rs.getString(2)));
            assertThat(left.subsetOf(right)).as(why).isEqualTo(rs.getInt(3) == 1);
            assertThat(left.union(right).toString()).as(why).isEqualTo(flat(rs.getString(4)));
            assertThat(MySqlGtidSet.parse(rs.getString(4))).as(why).isEqualTo(left.union(right));
          }
          compared++;
        }
      }
      assertThat(compared).isEqualTo(3000);
    } finally {
      CliRun.of("sandbox", "down", "--dir", dir.toString());
    }
  }

  /** The server's text without the newlines it puts after each comma. */
  private static String flat(String server) {
    return server == null ? "" : server.replace("\n", "");
  }

  /**
   * A set over up to three UUIDs (some in capitals), with intervals that touch, overlap, repeat,
   * come in any order and now and then reach far (a 40-bit transaction number); a third of them
   * empty for some UUID, so subsets happen often.
   */
  private static String randomSet(Random random) {
    List<String> parts = new ArrayList<>();
    for (String uuid : UUIDS) {
      if (random.nextInt(3) == 0) {
        continue;
      }
      List<String> pieces = new ArrayList<>();
      int n = 1 + random.nextInt(5);
      for (int i = 0; i < n; i++) {
        long from = 1 + random.nextInt(random.nextInt(10) == 0 ? 1_000_000 : 60);
        if (random.nextInt(20) == 0) {
          from = (1L << 40) + random.nextInt(1000);
        }
        long to = from + (random.nextBoolean() ? 0 : random.nextInt(15));
        pieces.add(from == to ? Long.toString(from) : from + "-" + to);
      }
      Collections.shuffle(pieces, random);
      parts.add(
          (random.nextInt(4) == 0 ? uuid.toUpperCase(java.util.Locale.ROOT) : uuid)
              + ":"
              + String.join(":", pieces));
    }
    Collections.shuffle(parts, random);
    return String.join(",", parts);
  }
}
