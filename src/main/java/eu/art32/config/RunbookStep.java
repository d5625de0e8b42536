package eu.art32.config;

import java.time.Duration;
import java.util.Objects;

/** One step of the user's promotion runbook: a shell command or SQL on a node, with a timeout. */
public record RunbookStep(String name, Kind kind, Target on, String text, Duration timeout) {
  public enum Kind {
    SQL,
    COMMAND
  }

  /** Where a step runs: SQL on the primary or the replica; a command on the art32 host. */
  public enum Target {
    PRIMARY,
    REPLICA,
    LOCAL
  }

  public RunbookStep {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(on, "on");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(timeout, "timeout");
  }
}
