package eu.art32.consistency;

import static org.assertj.core.api.Assertions.assertThat;

import eu.art32.topology.Dialect;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableDefTest {
  private static final Dialect MARIADB = Dialect.of("11.4.5-MariaDB-log");
  private static final Dialect MYSQL = Dialect.of("8.4.3");

  private static final TableDef.Column ORDER_ID = TableDef.Column.of("order_id", "int");
  private static final TableDef.Column LINE = TableDef.Column.of("line", "int");

  private static final TableDef ORDERS =
      new TableDef(
          "shop",
          "order`lines",
          List.of(
              ORDER_ID,
              LINE,
              TableDef.Column.of("sku", "char"),
              new TableDef.Column("note", "int", true)),
          "PRIMARY",
          List.of(ORDER_ID, LINE),
          "InnoDB");

  @Test
  void aCompositeKeyRangeIsSpelledOutLexicographically() {
    TableDef.Chunk chunk = new TableDef.Chunk(3, List.of(7, 2), List.of(9, 1));

    assertThat(ORDERS.where(chunk))
        .isEqualTo(
            " WHERE ((`order_id` > ?) OR (`order_id` = ? AND `line` > ?))"
                + " AND ((`order_id` < ?) OR (`order_id` = ? AND `line` <= ?))");
    assertThat(ORDERS.parameters(chunk)).containsExactly(7, 7, 2, 9, 9, 1);
    assertThat(ORDERS.where(new TableDef.Chunk(0, null, null))).isEmpty();
    assertThat(ORDERS.parameters(new TableDef.Chunk(0, null, List.of(1, 5))))
        .containsExactly(1, 1, 5);
  }

  @Test
  void theRowCarriesNullFlagsOnlyForNullableColumnsAndIdentifiersAreQuoted() {
    assertThat(ORDERS.rowExpression())
        .isEqualTo("CONCAT_WS('#', `order_id`, `line`, `sku`, `note`, CONCAT(ISNULL(`note`)))");
    assertThat(ORDERS.quoted()).isEqualTo("`shop`.`order``lines`");
  }

  /** ('a#', 'b') and ('a', '#b') make the same '#'-joined string; a length tells them apart. */
  @Test
  void twoColumnsThatCanHoldTheSeparatorAddTheirLengths() {
    TableDef.Column id = TableDef.Column.of("id", "bigint");
    TableDef people =
        new TableDef(
            "crm",
            "people",
            List.of(
                id,
                TableDef.Column.of("first", "varchar"),
                TableDef.Column.of("last", "VARCHAR"),
                TableDef.Column.of("born", "date")),
            "PRIMARY",
            List.of(id),
            "InnoDB");
    assertThat(people.rowExpression())
        .isEqualTo("CONCAT_WS('#', `id`, `first`, `last`, `born`, LENGTH(`first`))");
    assertThat(people.checksumSql(MYSQL, new TableDef.Chunk(0, null, null)))
        .as("a single integer key: one CRC-32 pass, times an odd number below 2^32 from the key")
        .isEqualTo(
            "SELECT COUNT(*), BIT_XOR(CRC32(CONCAT_WS('#', `id`, `first`, `last`, `born`,"
                + " LENGTH(`first`))) * ((`id` & 2147483647) * 2 + 1)) FROM `crm`.`people`"
                + " FORCE INDEX (PRIMARY)");
  }

  @Test
  void keyedChunksXorANonLinearHashAndUnkeyedTablesSumIt() {
    String keyed = ORDERS.checksumSql(MARIADB, new TableDef.Chunk(0, null, null));
    assertThat(keyed)
        .startsWith("SELECT COUNT(*), BIT_XOR(CRC32(CONCAT_WS(")
        .contains(") * CRC32C(CONCAT_WS(")
        .contains("FORCE INDEX (PRIMARY)")
        // MySQL's COALESCE(unsigned BIGINT, 0) clamps at 2^63 - 1: seen to hide a changed row
        .doesNotContain("COALESCE");
    assertThat(ORDERS.checksumSql(MYSQL, new TableDef.Chunk(0, null, null)))
        .startsWith("SELECT COUNT(*), BIT_XOR(CRC32(CONCAT_WS(")
        .doesNotContain("COALESCE");
    TableDef heap =
        new TableDef(
            "shop", "log", List.of(TableDef.Column.of("msg", "text")), null, List.of(), "InnoDB");
    assertThat(heap.checksumSql(MYSQL, new TableDef.Chunk(0, null, null)))
        .isEqualTo(
            "SELECT COUNT(*), COALESCE(SUM(CRC32(CONCAT_WS('#', `msg`)) *"
                + " CRC32(REVERSE(CONCAT_WS('#', `msg`)))), 0) FROM `shop`.`log`");
  }

  @Test
  void theChunkBoundaryIsTheRowChunkRowsPastTheLowerEnd() {
    assertThat(ORDERS.boundarySql(new TableDef.Chunk(-1, List.of(1, 1), null), 500))
        .endsWith("ORDER BY `order_id`, `line` LIMIT 1 OFFSET 499");
    assertThat(ORDERS.describeKey(List.of(7, 2))).isEqualTo("(order_id=7, line=2)");
  }

  /**
   * FLOAT and DOUBLE print at display precision (a FLOAT at six digits), so a change in the last
   * bits hid in the row string; times 1e0 every server prints them in their round-trip form. BIT is
   * raw bytes that may hold '#', and spatial values are bytes too: BIT goes in as its number, a
   * geometry adds its length like a string.
   */
  @Test
  void floatingPointBitAndSpatialValuesAreWrittenExactly() {
    TableDef.Column id = TableDef.Column.of("id", "binary");
    TableDef t =
        new TableDef(
            "s",
            "t",
            List.of(
                id,
                new TableDef.Column("f", "float", true),
                TableDef.Column.of("d", "double"),
                TableDef.Column.of("flags", "bit"),
                TableDef.Column.of("where", "point"),
                TableDef.Column.of("amount", "decimal")),
            "PRIMARY",
            List.of(id),
            "InnoDB");
    assertThat(t.rowExpression())
        .isEqualTo(
            "CONCAT_WS('#', `id`, (`f` * 1e0), (`d` * 1e0), (`flags` + 0), `where`, `amount`,"
                + " CONCAT(ISNULL(`f`)), LENGTH(`id`))");
    assertThat(t.integerKey()).as("a binary key is walked by boundaries, not by value").isFalse();
    assertThat(t.describeKey(List.of(new byte[] {0x0a, (byte) 0xff}))).isEqualTo("id=0x0aff");
  }

  /**
   * A unique key walks a table without a primary key (quoted in FORCE INDEX); a FLOAT key is read
   * back exactly and an ENUM key compared by its number, the order the server sorts it in.
   */
  @Test
  void keysOfEveryKindAreSelectedAndComparedTheWayTheServerOrdersThem() {
    TableDef.Column mood = TableDef.Column.of("mood", "enum");
    TableDef.Column weight = TableDef.Column.of("weight", "float");
    TableDef t =
        new TableDef("s", "t", List.of(mood, weight), "uq mood", List.of(mood, weight), "InnoDB");
    assertThat(t.boundarySql(new TableDef.Chunk(-1, List.of(2L, 1.5d), null), 10))
        .isEqualTo(
            "SELECT (`mood` + 0), (`weight` * 1e0) FROM `s`.`t` FORCE INDEX (`uq mood`)"
                + " WHERE (((`mood` + 0) > ?) OR ((`mood` + 0) = ? AND `weight` > ?))"
                + " ORDER BY `mood`, `weight` LIMIT 1 OFFSET 9");
  }
}
