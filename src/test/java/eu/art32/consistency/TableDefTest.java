package eu.art32.consistency;

import static org.assertj.core.api.Assertions.assertThat;

import eu.art32.topology.Dialect;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableDefTest {
  private static final Dialect MARIADB = Dialect.of("11.4.5-MariaDB-log");
  private static final Dialect MYSQL = Dialect.of("8.4.3");

  private static final TableDef ORDERS =
      new TableDef(
          "shop",
          "order`lines",
          List.of("order_id", "line", "sku", "note"),
          List.of("note"),
          List.of("sku"),
          List.of("order_id", "line"),
          false,
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
    TableDef people =
        new TableDef(
            "crm",
            "people",
            List.of("id", "first", "last", "born"),
            List.of(),
            List.of("first", "last"),
            List.of("id"),
            true,
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
            "shop", "log", List.of("msg"), List.of(), List.of("msg"), List.of(), false, "InnoDB");
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
}
