package eu.art32.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.art32.audit.AuditProgress;
import eu.art32.evidence.Status;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.Locale;

/**
 * What a person (or a CI log, or a program) sees while art32 works. On a terminal: progress lines
 * with elapsed time and coloured verdicts (no colour with NO_COLOR set); not on a terminal: the
 * same lines without colour; {@code --quiet}: no progress at all; {@code --json}: one JSON object a
 * line ({@code event}: pair-started, pair-finished, drill, result).
 */
final class Terminal implements AuditProgress {
  enum Mode {
    TTY,
    PLAIN,
    QUIET,
    JSON
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private final PrintWriter out;
  private final Mode mode;
  private final boolean color;
  private final long start = System.nanoTime();

  Terminal(Context context, boolean quiet, boolean json) {
    this.out = context.out();
    this.mode = json ? Mode.JSON : quiet ? Mode.QUIET : context.tty() ? Mode.TTY : Mode.PLAIN;
    this.color = mode == Mode.TTY && !context.env().containsKey("NO_COLOR");
  }

  /** Whether the human summary is printed (everything but --json). */
  boolean human() {
    return mode != Mode.JSON;
  }

  @Override
  public synchronized void pairStarted(String pair, int running, int total) {
    switch (mode) {
      case TTY, PLAIN ->
          out.printf("%s %s: audit started (%d in progress)%n", clock(), safe(pair), running);
      case JSON ->
          event("pair-started").put("pair", pair).put("running", running).put("total", total);
      case QUIET -> {}
    }
    flushEvent();
  }

  @Override
  public synchronized void pairFinished(
      String pair, Status verdict, long millis, int done, int total) {
    switch (mode) {
      case TTY, PLAIN ->
          out.printf(
              "%s [%d/%d] %s: %s (%.1f s)%n",
              clock(), done, total, safe(pair), paint(verdict), millis / 1000.0);
      case JSON ->
          event("pair-finished")
              .put("pair", pair)
              .put("verdict", verdict.name())
              .put("ms", millis)
              .put("done", done)
              .put("total", total);
      case QUIET -> {}
    }
    flushEvent();
  }

  /** A fleet-level note (a drill skipped, a drill finished). */
  synchronized void note(String pair, String text) {
    switch (mode) {
      case TTY, PLAIN -> out.printf("%s %s: %s%n", clock(), safe(pair), safe(text));
      case JSON -> event("note").put("pair", pair).put("text", text);
      case QUIET -> {}
    }
    flushEvent();
  }

  /** The final verdict as a JSON event (--json only). */
  synchronized void result(String verdict, int exitCode, String evidence, String report) {
    if (mode == Mode.JSON) {
      event("result")
          .put("verdict", verdict)
          .put("exitCode", exitCode)
          .put("evidence", evidence)
          .put("report", report);
      flushEvent();
    }
  }

  /**
   * Where a drill writes its phase lines: each line carries the pair and the time since art32
   * started, or becomes a {@code drill} event.
   */
  PrintWriter drillLines(String pair) {
    return new PrintWriter(
        new Writer() {
          private final StringBuilder line = new StringBuilder();

          @Override
          public void write(char[] buffer, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
              if (buffer[i] == '\n') {
                emit(pair, line.toString());
                line.setLength(0);
              } else {
                line.append(buffer[i]);
              }
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {
            if (!line.isEmpty()) {
              emit(pair, line.toString());
            }
          }
        },
        true);
  }

  private synchronized void emit(String pair, String text) {
    switch (mode) {
      case TTY, PLAIN -> out.printf("%s %s: %s%n", clock(), safe(pair), safe(text.strip()));
      case JSON -> event("drill").put("pair", pair).put("line", text.strip());
      case QUIET -> {}
    }
    flushEvent();
  }

  private ObjectNode pending;

  private ObjectNode event(String name) {
    pending = JSON.createObjectNode();
    pending.put("event", name);
    pending.put("elapsedMs", (System.nanoTime() - start) / 1_000_000);
    return pending;
  }

  private void flushEvent() {
    if (pending != null) {
      out.println(pending.toString());
      pending = null;
    }
    out.flush();
  }

  /**
   * Text from config, servers or commands as it may reach a terminal: control characters (a newline
   * in a name, an escape sequence) and bidirectional overrides (U+202E) are shown as a backslash,
   * {@code u} and four hex digits ({@code \\u001B}), so no name can forge a line or reorder what a
   * person reads.
   */
  static String safe(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean unsafe =
          Character.isISOControl(c)
              || (c >= '\u202A' && c <= '\u202E')
              || (c >= '\u2066' && c <= '\u2069')
              || c == '\u200E'
              || c == '\u200F';
      if (unsafe && out == null) {
        out = new StringBuilder(text.substring(0, i));
      }
      if (out != null) {
        if (unsafe) {
          out.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
        } else {
          out.append(c);
        }
      }
    }
    return out == null ? text : out.toString();
  }

  private String clock() {
    String elapsed = String.format(Locale.ROOT, "[%6.1fs]", (System.nanoTime() - start) / 1e9);
    return color ? "\u001b[2m" + elapsed + "\u001b[0m" : elapsed;
  }

  private String paint(Status status) {
    if (!color) {
      return status.name();
    }
    String code =
        switch (status) {
          case PASS -> "32";
          case FAIL -> "31;1";
          case WARN -> "33";
          default -> "36";
        };
    return "\u001b[" + code + "m" + status.name() + "\u001b[0m";
  }
}
