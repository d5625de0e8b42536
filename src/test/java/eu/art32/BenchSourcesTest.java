package eu.art32;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The benchmarks under bench/ are compiled only by bench/run, which no test runs: this compiles
 * them against the main classes, so a change to a record they build does not leave them broken.
 */
class BenchSourcesTest {
  @Test
  void theBenchmarksCompileAgainstTheMainClasses() throws Exception {
    List<String> sources;
    try (Stream<Path> files = Files.walk(Path.of("bench/src"))) {
      sources = files.filter(f -> f.toString().endsWith(".java")).map(Path::toString).toList();
    }
    assertThat(sources).isNotEmpty();
    Path out = Files.createTempDirectory("art32-bench-classes");
    try {
      JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
      List<String> args = new ArrayList<>(List.of("-proc:none", "-d", out.toString(), "-cp"));
      args.add(System.getProperty("java.class.path"));
      args.addAll(sources);
      java.io.ByteArrayOutputStream errors = new java.io.ByteArrayOutputStream();
      int code =
          javac.run(
              null, java.io.OutputStream.nullOutputStream(), errors, args.toArray(String[]::new));
      assertThat(code).as(errors.toString(java.nio.charset.StandardCharsets.UTF_8)).isZero();
    } finally {
      FileTrees.delete(out);
    }
  }
}
