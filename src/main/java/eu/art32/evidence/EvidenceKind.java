package eu.art32.evidence;

import java.util.List;

/**
 * One kind of evidence a pair carries beside its findings: the key it has in evidence.json (and in
 * the report templates) and the record it reads back into. An area that records evidence adds its
 * kind here, and nowhere else in this package.
 */
public record EvidenceKind<E>(String key, Class<E> type) {
  public static final EvidenceKind<DrillEvidence> DRILL = of("drill", DrillEvidence.class);
  public static final EvidenceKind<LatencyEvidence> LATENCY = of("latency", LatencyEvidence.class);
  public static final EvidenceKind<ResidencyEvidence> RESIDENCY =
      of("residency", ResidencyEvidence.class);
  public static final EvidenceKind<MirrorEvidence> MIRROR = of("mirror", MirrorEvidence.class);
  public static final EvidenceKind<LagEvidence> LAG = of("lag", LagEvidence.class);
  public static final EvidenceKind<ConsistencyEvidence> CONSISTENCY =
      of("consistency", ConsistencyEvidence.class);
  public static final EvidenceKind<BackupEvidence> BACKUP = of("backup", BackupEvidence.class);
  public static final EvidenceKind<PathEvidence> PATH = of("path", PathEvidence.class);
  public static final EvidenceKind<HostsEvidence> HOSTS = of("hosts", HostsEvidence.class);
  public static final EvidenceKind<SemiSyncEvidence> SEMISYNC =
      of("semisync", SemiSyncEvidence.class);

  /** Every kind, in the order evidence.json lists them. */
  public static final List<EvidenceKind<?>> ALL =
      List.of(DRILL, LATENCY, RESIDENCY, MIRROR, LAG, CONSISTENCY, BACKUP, PATH, HOSTS, SEMISYNC);

  private static <E> EvidenceKind<E> of(String key, Class<E> type) {
    return new EvidenceKind<>(key, type);
  }
}
