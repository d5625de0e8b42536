package eu.art32.fleet;

import eu.art32.config.PairConfig;
import eu.art32.drill.DrillOutcome;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Runs the fleet's drills: at most {@code max} at once, and never two whose pairs share a host (by
 * name or by any address it resolves to), since a fault on one would disturb the other's
 * measurement. Pairs are taken in config order as soon as their hosts are free.
 */
public final class DrillScheduler {
  private final int max;
  private final Function<PairConfig, DrillOutcome> drill;

  public DrillScheduler(int max, Function<PairConfig, DrillOutcome> drill) {
    this.max = max;
    this.drill = drill;
  }

  public Map<String, DrillOutcome> run(List<PairConfig> pairs) {
    List<PairConfig> pending = new ArrayList<>(pairs);
    Map<String, Set<String>> hosts = new LinkedHashMap<>();
    pairs.forEach(p -> hosts.put(p.name(), hosts(p)));
    Set<String> busy = new HashSet<>();
    Map<String, DrillOutcome> outcomes = new LinkedHashMap<>();
    pairs.forEach(p -> outcomes.put(p.name(), null));
    Object lock = new Object();
    List<Thread> workers = new ArrayList<>();
    for (int i = 0; i < Math.min(max, pairs.size()); i++) {
      workers.add(
          Thread.ofPlatform()
              .name("art32-drill-" + i)
              .start(
                  () -> {
                    while (true) {
                      PairConfig next;
                      synchronized (lock) {
                        while (true) {
                          next =
                              pending.stream()
                                  .filter(p -> disjoint(hosts.get(p.name()), busy))
                                  .findFirst()
                                  .orElse(null);
                          if (next != null || pending.isEmpty()) {
                            break;
                          }
                          try {
                            lock.wait();
                          } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                          }
                        }
                        if (next == null) {
                          return;
                        }
                        pending.remove(next);
                        busy.addAll(hosts.get(next.name()));
                      }
                      DrillOutcome outcome = drill.apply(next);
                      synchronized (lock) {
                        outcomes.put(next.name(), outcome);
                        busy.removeAll(hosts.get(next.name()));
                        lock.notifyAll();
                      }
                    }
                  }));
    }
    for (Thread t : workers) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    synchronized (lock) {
      outcomes.values().removeIf(Objects::isNull);
      return new LinkedHashMap<>(outcomes);
    }
  }

  private static boolean disjoint(Set<String> a, Set<String> b) {
    return a.stream().noneMatch(b::contains);
  }

  /** The primary's and the replica's host names and every address they resolve to. */
  public static Set<String> hosts(PairConfig pair) {
    Set<String> hosts = new HashSet<>();
    for (String host : List.of(pair.primary().host(), pair.replica().host())) {
      hosts.add(host.toLowerCase(Locale.ROOT));
      try {
        for (InetAddress a : InetAddress.getAllByName(host)) {
          hosts.add(a.getHostAddress());
        }
      } catch (UnknownHostException e) {
        // the name alone identifies it
      }
    }
    return hosts;
  }
}
