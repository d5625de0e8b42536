package eu.art32.config;

import eu.art32.Art32Exception;
import eu.art32.ExitCode;
import java.util.List;

/** A config or rules file has problems; all of them are carried, not just the first. Exit 2. */
public final class ConfigException extends Art32Exception {
  private final List<Problem> problems;

  public ConfigException(List<Problem> problems) {
    super(ExitCode.USAGE, summary(problems));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }

  private static String summary(List<Problem> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a ConfigException needs at least one problem");
    }
    return problems.size() == 1
        ? problems.get(0).toString()
        : problems.size() + " problems, first: " + problems.get(0);
  }
}
