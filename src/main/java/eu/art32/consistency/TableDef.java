package eu.art32.consistency;

import eu.art32.topology.Dialect;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A table to compare, with the SQL that checksums it: its columns in order and the key it is walked
 * by (the primary key, else a unique key of NOT NULL columns; empty when it has neither). A chunk
 * is a key range {@code (lower, upper]}; either end may be open.
 */
record TableDef(
    String schema,
    String name,
    List<Column> columns,
    String index,
    List<Column> keys,
    String engine) {

  TableDef {
    columns = List.copyOf(columns);
    keys = List.copyOf(keys);
  }

  /**
   * One column as information_schema describes it: {@code type} is DATA_TYPE (lower case), which is
   * what decides how its value is written into the row string and how a key value is read back.
   */
  record Column(String name, String type, boolean nullable) {
    /** The column types whose values may hold the '#' that separates values in the row string. */
    static final Set<String> STRING_TYPES =
        Set.of(
            "char",
            "varchar",
            "tinytext",
            "text",
            "mediumtext",
            "longtext",
            "binary",
            "varbinary",
            "tinyblob",
            "blob",
            "mediumblob",
            "longblob",
            "enum",
            "set",
            "json",
            // spatial values are written as their internal bytes (SRID and WKB), any byte possible
            "geometry",
            "point",
            "linestring",
            "polygon",
            "multipoint",
            "multilinestring",
            "multipolygon",
            "geometrycollection",
            "geomcollection");

    static final Set<String> INTEGER_TYPES =
        Set.of("tinyint", "smallint", "mediumint", "int", "integer", "bigint");

    /** Types whose key values are read back as the server's text: exact, fractions included. */
    private static final Set<String> TEXT_KEY_TYPES =
        Set.of("date", "datetime", "timestamp", "time", "year");

    Column {
      type = type.toLowerCase(Locale.ROOT);
    }

    static Column of(String name, String type) {
      return new Column(name, type, false);
    }

    boolean mayHoldSeparator() {
      return STRING_TYPES.contains(type);
    }

    boolean integer() {
      return INTEGER_TYPES.contains(type);
    }

    boolean floating() {
      return type.equals("float") || type.equals("double") || type.equals("real");
    }

    boolean textKey() {
      return TEXT_KEY_TYPES.contains(type);
    }

    /**
     * The column's value as written into the row string, exact for its type. A FLOAT or DOUBLE
     * column is printed at display precision (a FLOAT at six digits: 14.428571701049805 and
     * 14.428572654724121 both print as 14.4286); times 1e0 it is a DOUBLE expression, which every
     * server prints in its shortest round-trip form, the sign of zero kept. A BIT value is raw
     * bytes that may hold '#'; plus 0 it is its number.
     */
    String valueExpression() {
      if (floating()) {
        return "(" + quote(name) + " * 1e0)";
      }
      if (type.equals("bit")) {
        return "(" + quote(name) + " + 0)";
      }
      return quote(name);
    }

    /**
     * The key column as selected for a chunk's boundary and bound back: FLOAT and DOUBLE exactly
     * (as above, read back as a double), dates and times as the server prints them, ENUM and SET by
     * their number, which is how the server orders them.
     */
    String selectExpression() {
      if (floating()) {
        return "(" + quote(name) + " * 1e0)";
      }
      // the server's own text: Connector/J re-reads TIME values and drops a negative one's sign
      return textKey() ? "CAST(" + quote(name) + " AS CHAR)" : compareExpression();
    }

    /** The key column as compared with a bound in a chunk's WHERE. */
    String compareExpression() {
      return ordinal() ? "(" + quote(name) + " + 0)" : quote(name);
    }

    /** ENUM and SET: ordered by number, compared with a string by label; walked by number. */
    boolean ordinal() {
      return type.equals("enum") || type.equals("set");
    }
  }

  /** Whether the key is a single integer column: chunks by value and the one-pass row hash. */
  boolean integerKey() {
    return keys.size() == 1 && keys.get(0).integer();
  }

  /** The names of the key's columns, in key order. */
  List<String> keyNames() {
    return keys.stream().map(Column::name).toList();
  }

  String qualified() {
    return schema + "." + name;
  }

  String quoted() {
    return quote(schema) + "." + quote(name);
  }

  boolean keyed() {
    return !keys.isEmpty();
  }

  /**
   * The row as one string: the columns separated by '#', then one NULL flag per nullable column, so
   * NULL (which CONCAT_WS skips) and an empty string differ; with two or more columns that can hold
   * a '#', the byte lengths of all but the last of them, so that a '#' moving from one value into
   * the next ('a#', 'b' against 'a', '#b') changes the string. Numbers and dates hold no '#', so
   * with those lengths the string splits back into its values one way only; the last such value's
   * length follows from the others.
   */
  String rowExpression() {
    List<String> parts = new ArrayList<>(columns.stream().map(Column::valueExpression).toList());
    List<Column> nullable = columns.stream().filter(Column::nullable).toList();
    if (!nullable.isEmpty()) {
      parts.add(
          "CONCAT("
              + nullable.stream()
                  .map(c -> "ISNULL(" + quote(c.name()) + ")")
                  .collect(Collectors.joining(", "))
              + ")");
    }
    List<Column> strings = columns.stream().filter(Column::mayHoldSeparator).toList();
    for (int i = 0; i < strings.size() - 1; i++) {
      parts.add("LENGTH(" + quote(strings.get(i).name()) + ")");
    }
    return "CONCAT_WS('#', " + String.join(", ", parts) + ")";
  }

  /**
   * The SQL hash of one row, never linear in the row's bits, so that two rows changed by the same
   * bits cannot cancel under BIT_XOR (they do for pt-table-checksum's BIT_XOR of one CRC-32). With
   * a single integer key: the row's CRC-32 times an odd number taken from the key (below 2^31, so
   * the product stays under 2^64), one pass over the row string, which is what makes the check as
   * fast as it is; a changed row then goes unseen only if its CRC-32 is unchanged (1 in 2^32, as
   * for pt-table-checksum). Other keys: the dialect's product of two different CRC-32s of the row.
   */
  String rowHash(Dialect dialect) {
    if (integerKey()) {
      return "CRC32("
          + rowExpression()
          + ") * (("
          + quote(keys.get(0).name())
          + " & 2147483647) * 2 + 1)";
    }
    return dialect.rowHash(rowExpression());
  }

  /**
   * COUNT(*) and an aggregate of the row hashes. With a primary key no two rows are alike, so
   * BIT_XOR of the (non-linear) row hash serves and is the cheapest; without one, duplicate rows
   * would cancel under XOR, so the hashes are summed (a DECIMAL, NULL for no rows, hence the
   * COALESCE). BIT_XOR is never wrapped: it is 0 for no rows already, and MySQL's COALESCE of an
   * unsigned BIGINT and 0 is a signed BIGINT that clamps every sum of 2^63 or more to
   * 9223372036854775807, which made half of all chunks compare equal whatever they held.
   */
  String checksumSql(Dialect dialect, Chunk chunk) {
    String hash = rowHash(dialect);
    return "SELECT COUNT(*), "
        + (keyed() ? "BIT_XOR(" + hash + ")" : "COALESCE(SUM(" + hash + "), 0)")
        + " FROM "
        + quoted()
        + forceIndex()
        + where(chunk);
  }

  String rowsSql(Dialect dialect, Chunk chunk) {
    return "SELECT "
        + keySelect()
        + ", "
        + rowHash(dialect)
        + " FROM "
        + quoted()
        + forceIndex()
        + where(chunk);
  }

  /** MIN and MAX of a single integer key. */
  String boundsSql() {
    return "SELECT MIN(" + keyList() + "), MAX(" + keyList() + ") FROM " + quoted();
  }

  /** The key of the row {@code rows} rows after {@code lower} (the chunk's upper end), if any. */
  String boundarySql(Chunk lowerOnly, int rows) {
    return "SELECT "
        + keySelect()
        + " FROM "
        + quoted()
        + forceIndex()
        + where(lowerOnly)
        + " ORDER BY "
        + keyList()
        + " LIMIT 1 OFFSET "
        + (rows - 1);
  }

  private String forceIndex() {
    if (!keyed()) {
      return "";
    }
    return " FORCE INDEX (" + ("PRIMARY".equals(index) ? "PRIMARY" : quote(index)) + ")";
  }

  private String keyList() {
    return keys.stream().map(c -> quote(c.name())).collect(Collectors.joining(", "));
  }

  /** The key's columns as selected to be bound back: see {@link Column#selectExpression()}. */
  private String keySelect() {
    return keys.stream().map(Column::selectExpression).collect(Collectors.joining(", "));
  }

  /** The WHERE clause of a chunk; its parameters are {@link #parameters(Chunk)}. */
  String where(Chunk chunk) {
    List<String> parts = new ArrayList<>();
    if (chunk.lower() != null) {
      parts.add(compare(">"));
    }
    if (chunk.upper() != null) {
      parts.add(compare("<="));
    }
    return parts.isEmpty() ? "" : " WHERE " + String.join(" AND ", parts);
  }

  /** The values bound to {@link #where(Chunk)}, in order. */
  List<Object> parameters(Chunk chunk) {
    List<Object> values = new ArrayList<>();
    for (List<Object> bound : new List[] {chunk.lower(), chunk.upper()}) {
      if (bound == null) {
        continue;
      }
      for (int i = 0; i < keys.size(); i++) {
        for (int j = 0; j <= i; j++) {
          values.add(bound.get(j));
        }
      }
    }
    return values;
  }

  /**
   * Lexicographic comparison of the key with a bound, spelled out so every server can use the
   * index: (k1 op' v1) OR (k1 = v1 AND k2 op' v2) ... where op' is the strict form for all but the
   * last column of a non-strict {@code op}.
   */
  private String compare(String op) {
    String strict = op.substring(0, 1);
    List<String> alternatives = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      List<String> terms = new ArrayList<>();
      for (int j = 0; j < i; j++) {
        terms.add(keys.get(j).compareExpression() + " = ?");
      }
      terms.add(
          keys.get(i).compareExpression() + " " + (i == keys.size() - 1 ? op : strict) + " ?");
      alternatives.add("(" + String.join(" AND ", terms) + ")");
    }
    return "(" + String.join(" OR ", alternatives) + ")";
  }

  /** How a key is shown in the evidence: {@code id=42} or {@code (a=1, b=x)}. */
  String describeKey(List<Object> values) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      Object value = values.get(i);
      parts.add(
          keys.get(i).name()
              + "="
              + (value instanceof byte[] bytes ? "0x" + HexFormat.of().formatHex(bytes) : value));
    }
    return parts.size() == 1 ? parts.get(0) : "(" + String.join(", ", parts) + ")";
  }

  static String quote(String identifier) {
    return "`" + identifier.replace("`", "``") + "`";
  }

  /** A key range; null ends are open. */
  record Chunk(int index, List<Object> lower, List<Object> upper) {}
}
