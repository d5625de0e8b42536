package eu.art32.mirror;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An lsyncd configuration as art32 reads it: the {@code settings} table and each {@code sync} with
 * its layer, source, target, excludes, delay, delete and rsync options. Constructs outside the
 * subset (functions, variables, concatenation) are listed as unsupported with their line.
 */
public record LsyncdConfig(
    Map<String, Object> settings, List<Sync> syncs, List<String> unsupported) {
  public LsyncdConfig {
    settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    syncs = List.copyOf(syncs);
    unsupported = List.copyOf(unsupported);
  }

  /** One {@code sync { ... }} block. */
  public record Sync(int line, String layer, Map<String, Object> fields) {
    public Sync {
      fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    public String source() {
      return string("source");
    }

    /** The target as rsync sees it: {@code target}, or {@code host:targetdir} for rsyncssh. */
    public String target() {
      if (fields.get("target") instanceof String t) {
        return t;
      }
      String host = string("host");
      String dir = string("targetdir");
      return host == null ? dir : host + ":" + (dir == null ? "" : dir);
    }

    public List<String> excludes() {
      List<String> out = new ArrayList<>();
      Object e = fields.get("exclude");
      if (e instanceof String s) {
        out.add(s);
      } else if (e instanceof List<?> l) {
        l.forEach(x -> out.add(String.valueOf(x)));
      }
      return out;
    }

    public String string(String key) {
      return fields.get(key) instanceof String s ? s : null;
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> rsync() {
      return fields.get("rsync") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** rsync's extra arguments ({@code rsync._extra}). */
    public List<String> extra() {
      List<String> out = new ArrayList<>();
      if (rsync().get("_extra") instanceof List<?> l) {
        l.forEach(x -> out.add(String.valueOf(x)));
      }
      return out;
    }
  }
}
