package eu.art32.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GtidTest {
  private static final String A = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
  private static final String B = "4f22ab58-82db-22f2-af44-d91bb0530673";

  @Test
  void parsesAndPrintsMySqlSetsCanonically() {
    MySqlGtidSet set = MySqlGtidSet.parse(B + ":1-3,\n" + A.toUpperCase() + ":7:1-5:6");
    assertThat(set).hasToString(A + ":1-7," + B + ":1-3");
    assertThat(set.count()).isEqualTo(10);
    assertThat(MySqlGtidSet.parse("").isEmpty()).isTrue();
  }

  @Test
  void subtractsMySqlSets() {
    MySqlGtidSet old = MySqlGtidSet.parse(A + ":1-100," + B + ":1-5");
    MySqlGtidSet promoted = MySqlGtidSet.parse(A + ":1-97:99," + B + ":1-5");
    MySqlGtidSet lost = old.minus(promoted);
    assertThat(lost).as("98 and 100 never reached the promoted node").hasToString(A + ":98:100");
    assertThat(lost.count()).isEqualTo(2);
    assertThat(promoted.minus(old).isEmpty()).isTrue();
  }

  @Test
  void rejectsMalformedMySqlSets() {
    assertThatThrownBy(() -> MySqlGtidSet.parse("not-a-uuid:1-3"))
        .hasMessageContaining("not a MySQL GTID set");
    assertThatThrownBy(() -> MySqlGtidSet.parse(A + ":5-3"))
        .hasMessageContaining("not a MySQL GTID interval");
  }

  /** Subtraction, union and count agree with a plain bit-set model on random sets. */
  @Test
  void mySqlSetAlgebraMatchesABitSetModel() {
    Random random = new Random(20261126L);
    for (int round = 0; round < 2_000; round++) {
      Map<String, BitSet> left = randomModel(random);
      Map<String, BitSet> right = randomModel(random);
      MySqlGtidSet l = MySqlGtidSet.parse(text(left, random));
      MySqlGtidSet r = MySqlGtidSet.parse(text(right, random));
      Map<String, BitSet> difference = new java.util.TreeMap<>();
      Map<String, BitSet> union = new java.util.TreeMap<>();
      for (String uuid : List.of(A, B)) {
        BitSet d = (BitSet) left.get(uuid).clone();
        d.andNot(right.get(uuid));
        difference.put(uuid, d);
        BitSet u = (BitSet) left.get(uuid).clone();
        u.or(right.get(uuid));
        union.put(uuid, u);
      }
      assertThat(l.minus(r).toString()).as("round %d", round).isEqualTo(canonical(difference));
      assertThat(l.union(r).toString()).as("round %d", round).isEqualTo(canonical(union));
      assertThat(l.minus(r).count())
          .isEqualTo(difference.values().stream().mapToLong(BitSet::cardinality).sum());
      assertThat(MySqlGtidSet.parse(l.toString())).isEqualTo(l);
    }
  }

  @Test
  void mariaDbPositionsGiveTheRangeAfterTheCommonPoint() {
    MariaDbGtidPosition old = MariaDbGtidPosition.parse("0-1-9061,1-1-40");
    MariaDbGtidPosition common = MariaDbGtidPosition.parse("0-1-9058, 1-1-40");
    List<MariaDbGtidPosition.Range> ranges = old.beyond(common);
    assertThat(ranges).containsExactly(new MariaDbGtidPosition.Range(0, 9058, 9061));
    assertThat(ranges.get(0)).hasToString("domain 0 seq 9059-9061");
    Transactions lost =
        Dialect.of("11.4.5-MariaDB").missingFrom("0-1-9061,1-1-40", "0-2-9070", "0-1-9058,1-1-40");
    assertThat(lost.count()).isEqualTo(3);
    assertThat(lost.contains("0-1-9059")).isTrue();
    assertThat(lost.contains("0-1-9058")).isFalse();
    assertThat(lost.contains("1-1-40")).isFalse();
    assertThat(MariaDbGtidPosition.parse("").beyond(common)).isEmpty();
    assertThat(MariaDbGtidPosition.parse("2-5-7").beyond(MariaDbGtidPosition.EMPTY))
        .as("a domain the other never saw is missing whole")
        .containsExactly(new MariaDbGtidPosition.Range(2, 0, 7));
  }

  @Test
  void rejectsMalformedMariaDbPositions() {
    assertThatThrownBy(() -> MariaDbGtidPosition.parse("0-1"))
        .hasMessageContaining("not a MariaDB GTID: '0-1'");
    assertThatThrownBy(() -> MariaDbGtidPosition.parse("0-1-5,0-2-6"))
        .hasMessageContaining("domain 0 appears twice");
  }

  @Test
  void readsGtidsFromBinlogEventsOfBothFlavors() {
    assertThat(Dialect.of("11.4.5-MariaDB").gtidOfEvent("Gtid", "BEGIN GTID 0-1-6"))
        .isEqualTo("0-1-6");
    assertThat(Dialect.of("11.4.5-MariaDB").gtidOfEvent("Gtid", "GTID 0-1-4")).isEqualTo("0-1-4");
    assertThat(Dialect.of("11.4.5-MariaDB").gtidOfEvent("Query", "BEGIN")).isNull();
    assertThat(Dialect.of("8.4.3").gtidOfEvent("Gtid", "SET @@SESSION.GTID_NEXT= '" + A + ":12'"))
        .isEqualTo(A + ":12");
    Transactions lost = Dialect.of("8.4.3").missingFrom(A + ":1-12", A + ":1-10", "");
    assertThat(lost.contains(A + ":12")).isTrue();
    assertThat(lost.contains(A + ":10")).isFalse();
  }

  @Test
  void mySqlForgetsErrantTransactionsThroughGtidPurged() {
    Dialect dialect = Dialect.of("8.0.36");
    Transactions errant = dialect.missingFrom(A + ":1-12", A + ":1-10", "");
    assertThat(dialect.forgetTransactionsSql(A + ":1-12", errant, ""))
        .containsExactly("RESET MASTER", "SET GLOBAL gtid_purged = '" + A + ":1-10'");
    assertThat(Dialect.of("8.4.3").forgetTransactionsSql(A + ":1-12", errant, ""))
        .first()
        .isEqualTo("RESET BINARY LOGS AND GTIDS");
  }

  private static Map<String, BitSet> randomModel(Random random) {
    Map<String, BitSet> model = new java.util.TreeMap<>();
    for (String uuid : List.of(A, B)) {
      BitSet bits = new BitSet();
      int n = random.nextInt(40);
      for (int i = 1; i <= n; i++) {
        if (random.nextInt(3) > 0) {
          bits.set(i);
        }
      }
      model.put(uuid, bits);
    }
    return model;
  }

  /** The model as GTID text, intervals split and shuffled at random so parsing must merge. */
  private static String text(Map<String, BitSet> model, Random random) {
    List<String> parts = new ArrayList<>();
    model.forEach(
        (uuid, bits) -> {
          List<String> pieces = new ArrayList<>();
          for (int i = bits.nextSetBit(0); i >= 0; i = bits.nextSetBit(i + 1)) {
            int end = i;
            while (bits.get(end + 1) && random.nextInt(4) > 0) {
              end++;
            }
            pieces.add(end == i ? Integer.toString(i) : i + "-" + end);
            i = end;
          }
          java.util.Collections.shuffle(pieces, random);
          if (!pieces.isEmpty()) {
            parts.add(uuid + ":" + String.join(":", pieces));
          }
        });
    return String.join(",", parts);
  }

  private static String canonical(Map<String, BitSet> model) {
    List<String> parts = new ArrayList<>();
    model.forEach(
        (uuid, bits) -> {
          StringBuilder part = new StringBuilder(uuid);
          for (int i = bits.nextSetBit(0); i >= 0; i = bits.nextSetBit(i + 1)) {
            int end = i;
            while (bits.get(end + 1)) {
              end++;
            }
            part.append(':').append(i);
            if (end != i) {
              part.append('-').append(end);
            }
            i = end;
          }
          if (!bits.isEmpty()) {
            parts.add(part.toString());
          }
        });
    return String.join(",", parts);
  }
}
