package eu.art32.drill;

import eu.art32.evidence.DrillEvidence;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * RPO from the canary: the commits the primary acknowledged that are missing on the promoted node,
 * and the data-loss window between the newest acknowledged commit that survived and the last one
 * acknowledged.
 */
final class Loss {
  private Loss() {}

  static DrillEvidence.Rpo measure(List<CanaryLoad.Ack> acks, Set<Long> present) {
    List<CanaryLoad.Ack> onPrimary =
        acks.stream()
            .filter(a -> !a.promoted())
            .sorted(Comparator.comparingLong(CanaryLoad.Ack::nanos))
            .toList();
    List<CanaryLoad.Ack> kept = onPrimary.stream().filter(a -> present.contains(a.seq())).toList();
    List<CanaryLoad.Ack> lost = onPrimary.stream().filter(a -> !present.contains(a.seq())).toList();
    double window = 0;
    double windowAtLeast = 0;
    List<String> holes = List.of();
    if (!lost.isEmpty()) {
      CanaryLoad.Ack lastAck = onPrimary.get(onPrimary.size() - 1);
      long last = lastAck.nanos();
      long newestKept =
          kept.isEmpty() ? onPrimary.get(0).nanos() : kept.get(kept.size() - 1).nanos();
      window = Millis.of(last - newestKept);
      // the last commit happened after it was sent, the newest kept one before its
      // acknowledgement was seen: a lower bound no late canary thread can raise
      windowAtLeast = Millis.of(Math.max(0, lastAck.sentNanos() - newestKept));
      // a lost commit is a hole only when its acknowledgement was seen before a surviving commit
      // was even sent: then it came first in the binlog, and the replica applies in that order.
      // Between writers on several connections acknowledgements are seen out of commit order.
      long newestKeptSent =
          kept.stream().mapToLong(CanaryLoad.Ack::sentNanos).max().orElse(Long.MIN_VALUE);
      holes =
          ranges(
              lost.stream()
                  .filter(a -> a.nanos() < newestKeptSent)
                  .map(CanaryLoad.Ack::seq)
                  .sorted()
                  .toList());
    }
    Set<Long> acknowledged = new HashSet<>();
    acks.forEach(a -> acknowledged.add(a.seq()));
    long unacknowledgedPresent = present.stream().filter(s -> !acknowledged.contains(s)).count();
    return new DrillEvidence.Rpo(
        onPrimary.size(),
        kept.size(),
        lost.size(),
        ranges(lost.stream().map(CanaryLoad.Ack::seq).sorted().toList()),
        window,
        unacknowledgedPresent,
        holes.isEmpty(),
        holes,
        windowAtLeast);
  }

  /** Sorted numbers as ranges: 4, 5, 6, 9 -> "4-6", "9". */
  static List<String> ranges(List<Long> sorted) {
    List<String> ranges = new ArrayList<>();
    int i = 0;
    while (i < sorted.size()) {
      int j = i;
      while (j + 1 < sorted.size() && sorted.get(j + 1) == sorted.get(j) + 1) {
        j++;
      }
      ranges.add(i == j ? sorted.get(i).toString() : sorted.get(i) + "-" + sorted.get(j));
      i = j + 1;
    }
    return ranges;
  }
}
