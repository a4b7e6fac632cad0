package io.qkdchain.peer.health;

import io.qkdchain.peer.qrng.QrngVoteOrderSource;
import io.qkdchain.qrng.FallbackPolicy;
import io.qkdchain.qrng.QrngClient;
import io.qkdchain.qrng.QrngConfig;
import io.qkdchain.qrng.QrngUnavailableException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * QRNG reachability: a one-block fetch (at most once per {@code ttl}). When the QRNG cannot serve,
 * the status follows the fallback policy: with {@code fallback-securerandom} vote orders still come
 * (from SecureRandom), so the peer is UP and {@code degraded}; with {@code fail} no vote chain can
 * start, so it is DOWN. The API key never appears (the client redacts it).
 */
final class QrngHealthIndicator implements HealthIndicator {

  static final String NOT_CONFIGURED = "none configured: vote orders come from SecureRandom";

  private final Optional<QrngConfig> config;
  private final Supplier<byte[]> fetch;
  private final String where;
  private final QrngVoteOrderSource orders;
  private final RecentHealth recent;

  QrngHealthIndicator(Optional<QrngConfig> config, QrngVoteOrderSource orders, Duration ttl) {
    this(config, config.map(QrngHealthIndicator::client), orders, ttl);
  }

  private QrngHealthIndicator(
      Optional<QrngConfig> config,
      Optional<QrngClient> client,
      QrngVoteOrderSource orders,
      Duration ttl) {
    this(
        config,
        client.<Supplier<byte[]>>map(c -> c::fetchEntropy).orElse(null),
        client.map(QrngClient::redactedUri).orElse(null),
        orders,
        ttl);
  }

  /** Over any fetch, for tests. */
  QrngHealthIndicator(
      Optional<QrngConfig> config,
      Supplier<byte[]> fetch,
      String where,
      QrngVoteOrderSource orders,
      Duration ttl) {
    this.config = config;
    this.fetch = fetch;
    this.where = where;
    this.orders = orders;
    this.recent = new RecentHealth(this::check, ttl, System::nanoTime);
  }

  private static QrngClient client(QrngConfig config) {
    // One short block is enough to prove the service answers and spends little of its quota.
    return new QrngClient(config.withBatchSize(1));
  }

  @Override
  public Health health() {
    return recent.get();
  }

  private Health check() {
    if (config.isEmpty()) {
      return Health.up().withDetail("qrng", NOT_CONFIGURED).build();
    }
    FallbackPolicy policy = config.get().fallbackPolicy();
    Health.Builder health;
    try {
      fetch.get();
      health = Health.up().withDetail("qrng", "reachable");
    } catch (QrngUnavailableException e) {
      health =
          policy == FallbackPolicy.FALLBACK_SECURERANDOM
              ? Health.up().withDetail("degraded", true)
              : Health.down();
      health
          .withDetail("qrng", "unreachable")
          .withDetail("error", e.reason().name())
          .withDetail("message", String.valueOf(e.getMessage()));
    }
    return health
        .withDetail("url", where)
        .withDetail("fallback", policy.configName())
        .withDetail("fallbackDraws", orders.fallbackCount())
        .build();
  }
}
