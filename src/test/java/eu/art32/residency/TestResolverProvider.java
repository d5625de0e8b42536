package eu.art32.residency;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Name resolution for tests: names under {@code .art32.test} resolve to the addresses a test puts
 * here (a host with addresses in two countries, a private one); every other name goes to the JDK's
 * own resolver. Registered through META-INF/services on the test class path.
 */
public final class TestResolverProvider extends InetAddressResolverProvider {
  static final Map<String, List<String>> NAMES = new ConcurrentHashMap<>();

  @Override
  public InetAddressResolver get(Configuration configuration) {
    InetAddressResolver builtin = configuration.builtinResolver();
    return new InetAddressResolver() {
      @Override
      public Stream<InetAddress> lookupByName(String host, LookupPolicy policy)
          throws UnknownHostException {
        if (host.endsWith(".art32.test")) {
          List<String> addresses = NAMES.get(host);
          if (addresses == null) {
            throw new UnknownHostException(host);
          }
          return addresses.stream()
              .map(
                  a -> {
                    try {
                      return InetAddress.getByAddress(host, InetAddress.getByName(a).getAddress());
                    } catch (UnknownHostException e) {
                      throw new IllegalArgumentException(e);
                    }
                  });
        }
        return builtin.lookupByName(host, policy);
      }

      @Override
      public String lookupByAddress(byte[] address) throws UnknownHostException {
        return builtin.lookupByAddress(address);
      }
    };
  }

  @Override
  public String name() {
    return "art32 test names";
  }
}
