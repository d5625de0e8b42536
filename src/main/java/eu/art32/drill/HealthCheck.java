package eu.art32.drill;

import eu.art32.config.DrillConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The application's own health check after failover: an SQL query on the promoted node, a TCP
 * connect, or an HTTP URL that must answer 2xx. Retried until it passes or its timeout ends.
 */
final class HealthCheck {
  private HealthCheck() {}

  /** Null when the check passed, else why it did not. */
  static String await(DrillConfig.HealthCheck check, DrillNode promoted) {
    long deadline = System.nanoTime() + check.timeout().toNanos();
    String last;
    do {
      last = once(check, promoted);
      if (last == null) {
        return null;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "interrupted";
      }
    } while (System.nanoTime() < deadline);
    return last + " (gave up after " + check.timeout().toMillis() + " ms)";
  }

  private static String once(DrillConfig.HealthCheck check, DrillNode promoted) {
    try {
      switch (check.kind()) {
        case SQL -> promoted.string(check.target());
        case TCP -> {
          int colon = check.target().lastIndexOf(':');
          try (Socket socket = new Socket()) {
            socket.connect(
                new InetSocketAddress(
                    check.target().substring(0, colon),
                    Integer.parseInt(check.target().substring(colon + 1))),
                1000);
          }
        }
        case HTTP -> {
          HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
          HttpResponse<Void> response =
              client.send(
                  HttpRequest.newBuilder(URI.create(check.target()))
                      .timeout(Duration.ofSeconds(5))
                      .GET()
                      .build(),
                  HttpResponse.BodyHandlers.discarding());
          if (response.statusCode() / 100 != 2) {
            return "HTTP " + response.statusCode();
          }
        }
      }
      return null;
    } catch (IOException | RuntimeException e) {
      return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }
}
