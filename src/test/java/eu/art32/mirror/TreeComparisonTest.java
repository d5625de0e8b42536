package eu.art32.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeComparisonTest {
  @Test
  void findsMissingExtraDifferentAndRecentFiles(@TempDir Path dir) throws Exception {
    Path s = Files.createDirectories(dir.resolve("s/docs"));
    Path t = Files.createDirectories(dir.resolve("t/docs"));
    Files.createDirectories(dir.resolve("s/cache"));
    Files.writeString(s.resolve("same.txt"), "same");
    Files.writeString(t.resolve("same.txt"), "same");
    FileTime old = FileTime.fromMillis(1_700_000_000_000L);
    Files.setLastModifiedTime(s.resolve("same.txt"), old);
    Files.setLastModifiedTime(t.resolve("same.txt"), old);
    Files.writeString(s.resolve("new.txt"), "only on the source");
    Files.writeString(t.resolve("stale.txt"), "only on the mirror");
    Files.writeString(dir.resolve("s/cache/x.tmp"), "excluded");
    Files.writeString(s.resolve("edit.txt"), "version 2");
    Files.writeString(t.resolve("edit.txt"), "version 1");
    Files.setLastModifiedTime(
        t.resolve("edit.txt"), Files.getLastModifiedTime(s.resolve("edit.txt")));

    TreeComparison.Result fast =
        new TreeComparison(List.of("cache/"), false, 2).compare(dir.resolve("s"), dir.resolve("t"));
    assertThat(fast.missing()).isEqualTo(1);
    assertThat(fast.extra()).isEqualTo(1);
    assertThat(fast.different()).as("same size and mtime").isZero();
    TreeComparison.Result deep =
        new TreeComparison(List.of("cache/"), true, 2).compare(dir.resolve("s"), dir.resolve("t"));
    assertThat(deep.different()).isEqualTo(1);
    assertThat(deep.samples())
        .contains("missing on the mirror: docs/new.txt", "extra on the mirror: docs/stale.txt")
        .anyMatch(x -> x.startsWith("different content: docs/edit.txt"));

    TreeComparison.Recent recent =
        new TreeComparison(List.of("cache/"), false, 1)
            .recent(dir.resolve("s"), dir.resolve("t"), old.toMillis() + 1);
    assertThat(recent.changed())
        .as("new.txt and edit.txt, not the old one, not the cache")
        .isEqualTo(2);
    assertThat(recent.missingOnMirror())
        .as("edit.txt has the same size and mtime on the mirror")
        .isEqualTo(1);
    assertThat(recent.samples()).containsExactly("docs/new.txt");
  }
}
