package eu.art32.evidence;

import java.util.List;

/**
 * The network routes a pair's data takes, as traced from the primary's host: to the DR node's
 * database port and, when the mirror copies to another host, to that host. Each hop is located by
 * geo-IP and AS like the nodes themselves; private and unanswered hops are recorded as they are.
 */
public record PathEvidence(String policy, List<Route> routes) {
  public PathEvidence {
    routes = List.copyOf(routes);
  }

  /**
   * One traced route. {@code tracedFrom} says where the trace ran ("this host" or the command run
   * on the primary's host); {@code error} why there is no trace (then {@code hops} is empty).
   */
  public record Route(
      String role,
      String host,
      int port,
      String destination,
      String tracedFrom,
      Text tracedFromText,
      boolean reached,
      List<Hop> hops,
      String error,
      Text errorText) {
    public Route {
      hops = List.copyOf(hops);
    }
  }

  /**
   * One hop: its TTL, the address that answered (null: no answer), its kind (public, private, ...),
   * the fastest round trip, and where geo-IP places a public address, with the verdict against the
   * policy ({@code inside}, {@code adequacy}, {@code outside}, {@code unlocated}, {@code private},
   * {@code no answer}).
   */
  public record Hop(
      int ttl,
      String address,
      String kind,
      Double rttMs,
      String flags,
      String country,
      String city,
      Long asn,
      String organisation,
      String network,
      String verdict) {}
}
