package eu.art32.config;

import eu.art32.Art32Exception;
import eu.art32.ExitCode;
import java.util.ArrayList;
import java.util.List;

/**
 * A config or rules file has problems; all of them are carried, not just the first, and with them
 * the problems found outside the file in the same round (an option, an output location). Exit 2.
 */
public final class ConfigException extends Art32Exception {
  private final List<Problem> problems;
  private final List<String> others;

  public ConfigException(List<Problem> problems) {
    this(problems, List.of());
  }

  private ConfigException(List<Problem> problems, List<String> others) {
    super(ExitCode.USAGE, summary(problems));
    this.problems = List.copyOf(problems);
    this.others = List.copyOf(others);
  }

  public List<Problem> problems() {
    return problems;
  }

  /** Problems outside the file, each a whole one-line message, said after the file's. */
  public List<String> others() {
    return others;
  }

  /** This exception with {@code more} problems found outside the file. */
  public ConfigException alongside(List<String> more) {
    if (more.isEmpty()) {
      return this;
    }
    List<String> all = new ArrayList<>(others);
    all.addAll(more);
    return new ConfigException(problems, all);
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
