package eu.art32.residency;

import eu.art32.config.PairConfig;
import eu.art32.evidence.ResidencyEvidence;
import eu.art32.evidence.Text;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** How the primary and DR sit relative to each other: same host, same facility, distance. */
record Geometry(
    boolean sameHost,
    Text sameHostWhy,
    String sameFacility,
    Double distanceKm,
    Double effectiveKm,
    boolean sameCityWithinAccuracy) {

  static Geometry of(
      PairConfig pair, ResidencyEvidence.NodeLocation primary, ResidencyEvidence.NodeLocation dr) {
    Set<String> shared = new HashSet<>(addresses(primary));
    shared.retainAll(addresses(dr));
    boolean bothLoopback =
        !primary.addresses().isEmpty()
            && !dr.addresses().isEmpty()
            && primary.addresses().stream().allMatch(a -> a.kind().equals("loopback"))
            && dr.addresses().stream().allMatch(a -> a.kind().equals("loopback"));
    boolean sameHost = !shared.isEmpty() || bothLoopback;
    Text why =
        bothLoopback
            ? Text.of("residency.bothLoopback")
            : Text.of("residency.sharedAddress", String.join(", ", shared));
    String pf = pair.primary().site().facility();
    String rf = pair.replica().site().facility();
    String sameFacility = pf != null && pf.equalsIgnoreCase(rf) ? pf : null;
    ResidencyEvidence.AddressLocation a = positioned(primary.addresses());
    ResidencyEvidence.AddressLocation b = positioned(dr.addresses());
    if (a == null || b == null) {
      return new Geometry(sameHost, why, sameFacility, null, null, false);
    }
    double km = Distance.km(a.latitude(), a.longitude(), b.latitude(), b.longitude());
    int ra = a.accuracyKm() == null ? 0 : a.accuracyKm();
    int rb = b.accuracyKm() == null ? 0 : b.accuracyKm();
    boolean sameCity =
        a.city() != null && a.city().equalsIgnoreCase(b.city()) && km <= Math.max(ra, rb);
    return new Geometry(sameHost, why, sameFacility, km, Math.max(0, km - ra - rb), sameCity);
  }

  private static List<String> addresses(ResidencyEvidence.NodeLocation node) {
    return node.addresses().stream().map(ResidencyEvidence.AddressLocation::address).toList();
  }

  private static ResidencyEvidence.AddressLocation positioned(
      List<ResidencyEvidence.AddressLocation> addresses) {
    return addresses.stream()
        .filter(a -> a.latitude() != null && a.longitude() != null)
        .findFirst()
        .orElse(null);
  }
}
