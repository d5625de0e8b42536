package eu.art32.drill;

import java.util.List;

/** What a person must do when art32 cannot put a pair back by itself. */
final class Instructions {
  private Instructions() {}

  static String forPair(DrillNode oldPrimary, DrillNode oldReplica, List<String> actions) {
    StringBuilder text = new StringBuilder();
    text.append("The pair was NOT restored. Nodes: original primary ")
        .append(oldPrimary)
        .append(", original replica ")
        .append(oldReplica)
        .append(".\n");
    if (!actions.isEmpty()) {
      text.append("What art32 did before it stopped:\n");
      actions.forEach(a -> text.append("  - ").append(a).append('\n'));
    }
    text.append(
        """
        To finish by hand:
          1. Decide which node holds the data to keep: after a promotion it is the original replica.
             Keep it writable and make sure the other node is read_only (SET GLOBAL read_only=ON).
          2. On the other node, look at the transactions listed in the report's GTID cross-check.
             Do not start replication while it holds transactions the kept node lacks: rebuild it
             from a fresh backup of the kept node (mariadb-backup/xtrabackup --backup, --prepare,
             --copy-back) or discard those transactions deliberately.
          3. Point it at the kept node with GTID positioning (CHANGE MASTER TO ... MASTER_USE_GTID=slave_pos
             on MariaDB; CHANGE REPLICATION SOURCE TO ... SOURCE_AUTO_POSITION=1 on MySQL) and start it.
          4. Check the pair with: art32 audit --pair <pair>
        """);
    return text.toString();
  }
}
