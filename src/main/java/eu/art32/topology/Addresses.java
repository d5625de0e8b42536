package eu.art32.topology;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;

/** What kind of address a node resolves to, and whether a host is this machine. */
public final class Addresses {
  /** Address kinds; only PUBLIC ones can be found in a geo-IP database. */
  public enum Kind {
    PUBLIC,
    LOOPBACK,
    PRIVATE,
    CGNAT,
    LINK_LOCAL,
    UNIQUE_LOCAL,
    OTHER_SPECIAL;

    public String describe() {
      return switch (this) {
        case PUBLIC -> "public";
        case LOOPBACK -> "loopback";
        case PRIVATE -> "private (RFC 1918)";
        case CGNAT -> "carrier-grade NAT (100.64/10)";
        case LINK_LOCAL -> "link-local";
        case UNIQUE_LOCAL -> "unique-local (fc00::/7)";
        case OTHER_SPECIAL -> "special-purpose";
      };
    }
  }

  private Addresses() {}

  public static Kind kind(InetAddress address) {
    if (address.isLoopbackAddress()) {
      return Kind.LOOPBACK;
    }
    if (address.isLinkLocalAddress()) {
      return Kind.LINK_LOCAL;
    }
    if (address.isAnyLocalAddress() || address.isMulticastAddress()) {
      return Kind.OTHER_SPECIAL;
    }
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      int first = b[0] & 0xFF;
      int second = b[1] & 0xFF;
      if (address.isSiteLocalAddress()) {
        return Kind.PRIVATE;
      }
      if (first == 100 && second >= 64 && second <= 127) {
        return Kind.CGNAT;
      }
      if (first == 0 || first >= 240) {
        return Kind.OTHER_SPECIAL;
      }
      return Kind.PUBLIC;
    }
    if (address instanceof Inet6Address) {
      if ((b[0] & 0xFE) == 0xFC) {
        return Kind.UNIQUE_LOCAL;
      }
      if (address.isSiteLocalAddress()) {
        return Kind.PRIVATE;
      }
    }
    return Kind.PUBLIC;
  }

  /** Whether {@code host} is this machine (loopback or one of its interfaces). */
  public static boolean isLocal(String host) {
    try {
      InetAddress address = InetAddress.getByName(host);
      return address.isLoopbackAddress() || NetworkInterface.getByInetAddress(address) != null;
    } catch (IOException e) {
      return false;
    }
  }
}
