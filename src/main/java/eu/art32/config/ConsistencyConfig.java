package eu.art32.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Which tables the consistency check compares and how hard it may press the servers. {@code tables}
 * and {@code exclude} hold {@code schema.table} or {@code schema.*}; empty tables means every user
 * table. {@code maxQps} bounds the queries per second on each node (0: no bound). Chunks start at
 * {@code chunkRows} rows and grow (at most fourfold from one to the next) towards what the node
 * checksums in {@code chunkTime}, as pt-table-checksum's {@code --chunk-time} does; {@code
 * chunkTime} 0 keeps every chunk at {@code chunkRows}. Rows are only ever held in memory for chunks
 * of at most twice {@code chunkRows}: a larger chunk that differs is halved until it is that small.
 */
public record ConsistencyConfig(
    boolean enabled,
    List<String> tables,
    List<String> exclude,
    int chunkRows,
    int maxQps,
    long smallTableRows,
    Duration lockWaitTimeout,
    Duration chunkTime) {
  public static final ConsistencyConfig DEFAULTS =
      new ConsistencyConfig(
          true,
          List.of(),
          List.of(),
          20_000,
          200,
          10_000,
          Duration.ofSeconds(5),
          Duration.ofMillis(500));

  public ConsistencyConfig {
    tables = List.copyOf(tables);
    exclude = List.copyOf(exclude);
    Objects.requireNonNull(lockWaitTimeout, "lockWaitTimeout");
    Objects.requireNonNull(chunkTime, "chunkTime");
  }
}
