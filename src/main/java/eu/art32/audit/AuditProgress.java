package eu.art32.audit;

import eu.art32.evidence.Status;

/** What an audit tells a terminal while it runs: each pair as it starts and as it ends. */
public interface AuditProgress {
  AuditProgress NONE = new AuditProgress() {};

  default void pairStarted(String pair, int running, int total) {}

  default void pairFinished(String pair, Status verdict, long millis, int done, int total) {}
}
