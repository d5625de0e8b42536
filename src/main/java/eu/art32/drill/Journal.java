package eu.art32.drill;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import eu.art32.EnvironmentException;
import eu.art32.UsageException;
import eu.art32.evidence.EvidenceJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The drill's journal: written (atomically) before each phase starts, so that {@code art32 recover}
 * knows what was done to the pair after art32 was killed in any phase. Deleted when the pair is
 * healthy again.
 */
final class Journal {
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(SerializationFeature.INDENT_OUTPUT);

  /** How a node reaches the other for replication, without the password. */
  record Source(String host, int port, boolean ssl, String sslCa, boolean verify) {}

  /** What the drill set out to do; fixed when the journal begins. */
  record Plan(
      String drillId,
      String pair,
      String configFile,
      Instant startedAt,
      String failback,
      Fault fault,
      String canarySchema,
      Source toPrimary,
      Source toReplica) {}

  /** Everything recovery needs: the plan and how far the drill got. */
  record State(
      Plan plan,
      String phase,
      List<String> phases,
      List<String> canaryHosts,
      boolean canaryCreated,
      boolean promotionStarted,
      String commonPoint) {
    State {
      phases = List.copyOf(phases);
      canaryHosts = canaryHosts == null ? List.of() : List.copyOf(canaryHosts);
    }

    static State begin(Plan plan) {
      return new State(plan, "planned", List.of(), List.of(), false, false, null);
    }

    State withCanary(List<String> hosts) {
      return new State(plan, phase, phases, hosts, true, promotionStarted, commonPoint);
    }

    State withPromotionStarted() {
      return new State(plan, phase, phases, canaryHosts, canaryCreated, true, commonPoint);
    }

    State withCommonPoint(String value) {
      return new State(plan, phase, phases, canaryHosts, canaryCreated, promotionStarted, value);
    }

    State enter(String next) {
      List<String> history = new ArrayList<>(phases);
      history.add(next + " " + Instant.now());
      return new State(
          plan, next, history, canaryHosts, canaryCreated, promotionStarted, commonPoint);
    }
  }

  private final Path file;
  private State state;

  private Journal(Path file, State state) {
    this.file = file;
    this.state = state;
  }

  static Path fileFor(Path dir, String pair) {
    return dir.resolve(pair.replaceAll("[^A-Za-z0-9_.-]", "_") + ".journal.json");
  }

  /** Starts a journal; refuses when an unfinished drill of the same pair left one behind. */
  static Journal begin(Path dir, State initial) {
    Path file = fileFor(dir, initial.plan().pair());
    if (Files.exists(file)) {
      throw new UsageException(
          "a drill of pair '"
              + initial.plan().pair()
              + "' did not finish (journal "
              + file
              + "); bring the pair back first with: art32 recover --pair "
              + initial.plan().pair());
    }
    Journal journal = new Journal(file, initial);
    journal.write();
    return journal;
  }

  static Journal open(Path dir, String pair) {
    Path file = fileFor(dir, pair);
    if (!Files.isRegularFile(file)) {
      throw new UsageException(
          "no unfinished drill of pair '" + pair + "': " + file + " does not exist");
    }
    try {
      return new Journal(file, MAPPER.readValue(file.toFile(), State.class));
    } catch (IOException e) {
      throw new EnvironmentException(
          "cannot read the drill journal " + file + ": " + e.getMessage(), e);
    }
  }

  State state() {
    return state;
  }

  Path file() {
    return file;
  }

  synchronized void update(UnaryOperator<State> change) {
    state = change.apply(state);
    write();
  }

  synchronized void enter(String phase) {
    update(s -> s.enter(phase));
  }

  /** The pair is healthy again: the journal has done its job. */
  synchronized void finish() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new EnvironmentException(
          "cannot remove the drill journal " + file + ": " + e.getMessage(), e);
    }
  }

  private void write() {
    try {
      Files.createDirectories(file.getParent());
      EvidenceJson.writeAtomically(file, MAPPER.writeValueAsBytes(state));
    } catch (IOException e) {
      throw new EnvironmentException(
          "cannot write the drill journal " + file + ": " + e.getMessage(), e);
    }
  }
}
