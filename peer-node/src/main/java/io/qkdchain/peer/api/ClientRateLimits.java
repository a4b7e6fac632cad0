package io.qkdchain.peer.api;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-client token buckets for the public routes whose cost grows with the chain: pages of blocks
 * and chain verification. A client is its remote address. Each route's bucket holds a tenth of its
 * per-minute rate (at least one request) and refills at that rate, so a client may burst briefly
 * and then keeps to the rate. At most {@code maxClients} clients are tracked, the least recently
 * seen forgotten first, so the map cannot grow without bound.
 */
public final class ClientRateLimits {

  /** A rate-limited route. */
  public enum Route {
    BLOCKS("GET /api/v1/blocks"),
    VERIFY("GET /api/v1/chain/verify");

    private final String route;

    Route(String route) {
      this.route = route;
    }
  }

  private record Key(Route route, String client) {}

  private final Map<Route, Integer> perMinute;
  private final Map<Key, Bucket> buckets;

  public ClientRateLimits(int blockReadsPerMinute, int verifyRequestsPerMinute, int maxClients) {
    if (blockReadsPerMinute < 1 || verifyRequestsPerMinute < 1 || maxClients < 1) {
      throw new IllegalArgumentException("rate limits and the client bound must be >= 1");
    }
    this.perMinute =
        Map.of(Route.BLOCKS, blockReadsPerMinute, Route.VERIFY, verifyRequestsPerMinute);
    this.buckets =
        new LinkedHashMap<>(256, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Key, Bucket> eldest) {
            return size() > 2 * maxClients;
          }
        };
  }

  /**
   * Takes one request of {@code client} on {@code route}.
   *
   * @throws RateLimitedException with the seconds to wait, if the client is over its rate
   */
  void take(Route route, String client) {
    Bucket bucket;
    synchronized (buckets) {
      bucket = buckets.computeIfAbsent(new Key(route, client), key -> bucket(route));
    }
    ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
    if (!probe.isConsumed()) {
      long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
      throw new RateLimitedException(
          route.route
              + " is limited to "
              + perMinute.get(route)
              + " requests a minute per client; retry in "
              + seconds
              + " s",
          seconds);
    }
  }

  private Bucket bucket(Route route) {
    int rate = perMinute.get(route);
    int burst = Math.max(1, rate / 10);
    return Bucket.builder()
        .addLimit(
            Bandwidth.builder().capacity(burst).refillGreedy(rate, Duration.ofMinutes(1)).build())
        .build();
  }
}
