package eu.art32.consistency;

import static org.assertj.core.api.Assertions.assertThat;

import eu.art32.config.ConsistencyConfig;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValueChunksTest {
  private static ConsistencyConfig config(int chunkRows, Duration chunkTime) {
    ConsistencyConfig d = ConsistencyConfig.DEFAULTS;
    return new ConsistencyConfig(
        true,
        List.of(),
        List.of(),
        chunkRows,
        d.maxQps(),
        d.smallTableRows(),
        d.lockWaitTimeout(),
        chunkTime);
  }

  /** Walks the plan as the pipeline does, each chunk taking {@code nanosPerRow} per row. */
  private static List<TableDef.Chunk> walk(TableComparison.ValueChunks plan, long nanosPerRow) {
    List<TableDef.Chunk> chunks = new ArrayList<>();
    long rows = 0;
    for (TableDef.Chunk c = plan.next(0, 0); c != null; c = plan.next(rows, rows * nanosPerRow)) {
      chunks.add(c);
      long low = c.lower() == null ? 0 : ((Number) c.lower().get(0)).longValue();
      long high = c.upper() == null ? 1_000_000 : ((Number) c.upper().get(0)).longValue();
      rows = high - low;
    }
    return chunks;
  }

  private static void assertCovers(List<TableDef.Chunk> chunks) {
    assertThat(chunks.get(0).lower()).as("open below the primary's MIN").isNull();
    assertThat(chunks.get(chunks.size() - 1).upper()).as("open above its MAX").isNull();
    for (int i = 1; i < chunks.size(); i++) {
      assertThat(chunks.get(i).lower()).as("contiguous").isEqualTo(chunks.get(i - 1).upper());
      assertThat(chunks.get(i).index()).isEqualTo(i);
    }
  }

  @Test
  void withoutAChunkTimeEveryChunkHoldsChunkRows() {
    var plan =
        new TableComparison.ValueChunks(
            BigInteger.ONE, BigInteger.valueOf(1_000_000), 1.0, config(20_000, Duration.ZERO));
    List<TableDef.Chunk> chunks = walk(plan, 1_000);
    assertCovers(chunks);
    assertThat(chunks).hasSize(50);
    assertThat(chunks.get(1).lower()).isEqualTo(List.of(20_000L));
    assertThat(chunks.get(1).upper()).isEqualTo(List.of(40_000L));
  }

  @Test
  void chunksGrowAtMostFourfoldTowardsTheChunkTime() {
    // 1 µs per row: a 500 ms target is 500,000 rows; from 20,000 that takes two fourfold steps
    var plan =
        new TableComparison.ValueChunks(
            BigInteger.ONE,
            BigInteger.valueOf(1_000_000),
            1.0,
            config(20_000, Duration.ofMillis(500)));
    List<TableDef.Chunk> chunks = walk(plan, 1_000);
    assertCovers(chunks);
    List<Long> sizes = new ArrayList<>();
    for (int i = 1; i < chunks.size() - 1; i++) {
      sizes.add(
          ((Number) chunks.get(i).upper().get(0)).longValue()
              - ((Number) chunks.get(i).lower().get(0)).longValue());
    }
    assertThat(sizes).startsWith(80_000L, 320_000L);
    assertThat(chunks).hasSizeLessThan(6);
  }

  @Test
  void aSlowNodeKeepsChunksAtChunkRows() {
    // 1 ms per row: 20,000 rows take 20 s, far over the target, and chunks never shrink below
    var plan =
        new TableComparison.ValueChunks(
            BigInteger.ONE,
            BigInteger.valueOf(100_000),
            1.0,
            config(20_000, Duration.ofMillis(500)));
    List<TableDef.Chunk> chunks = walk(plan, 1_000_000);
    assertCovers(chunks);
    assertThat(chunks).hasSize(5);
  }

  @Test
  void aSparseKeyIsSizedByTheRowsItHolds() {
    // one row per 10 key values: 20,000 rows span 200,000 values
    var plan =
        new TableComparison.ValueChunks(
            BigInteger.ONE, BigInteger.valueOf(1_000_000), 0.1, config(20_000, Duration.ZERO));
    assertThat(plan.next(0, 0).upper()).isEqualTo(List.of(200_000L));
  }

  @Test
  void anEmptyTableIsOneOpenChunk() {
    var plan = new TableComparison.ValueChunks(null, null, 1, config(20_000, Duration.ZERO));
    TableDef.Chunk only = plan.next(0, 0);
    assertThat(only.lower()).isNull();
    assertThat(only.upper()).isNull();
    assertThat(plan.next(0, 0)).isNull();
  }
}
