package eu.art32.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * A check area's own settings in a pair: the section under the area's key ({@code path:}, {@code
 * hosts:}, {@code latency:}...), read, printed and described by the area's package, never by this
 * one. Each area registers its section in {@code META-INF/services/eu.art32.config.AreaSettings};
 * the loader reads every registered section, {@code art32 config} prints it, and the published
 * schema takes the section's part from {@code <key>.schema.json} beside the implementing class.
 *
 * @param <S> the settings record, immutable
 */
public interface AreaSettings<S> {
  /** The section's key in a pair, the area's id where the area has one. */
  String key();

  Class<S> type();

  /** The settings of a pair without the section. */
  S defaults();

  /**
   * The section's settings. {@link SchemaCheck} has already checked its keys, types and bounds; a
   * value the schema cannot judge is reported with {@link Fields#problem}.
   */
  S read(Fields section, Path baseDir);

  /**
   * The section as {@code art32 config} prints it: its keys in order with their values (a {@link
   * String} is printed quoted, any other value as it is); empty: the section is not printed.
   */
  Map<String, Object> print(S settings);

  /** The JSON Schema of the section: {@code <key>.schema.json} beside the implementing class. */
  default String schema() {
    String name = key() + ".schema.json";
    try (InputStream in = getClass().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(
            name + " is missing beside " + getClass().getName() + " in the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every registered section, in the order of the services file; keys are unique. */
  static List<AreaSettings<?>> all() {
    return Registered.ALL;
  }

  /** The registry, loaded once. */
  final class Registered {
    private static final List<AreaSettings<?>> ALL = load();

    private Registered() {}

    @SuppressWarnings("rawtypes")
    private static List<AreaSettings<?>> load() {
      List<AreaSettings<?>> all = new ArrayList<>();
      Set<String> keys = new HashSet<>();
      for (AreaSettings section : ServiceLoader.load(AreaSettings.class)) {
        if (!keys.add(section.key())) {
          throw new IllegalStateException("two settings sections for '" + section.key() + "'");
        }
        all.add(section);
      }
      return List.copyOf(all);
    }
  }
}
