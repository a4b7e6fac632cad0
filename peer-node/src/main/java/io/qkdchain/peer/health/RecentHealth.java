package io.qkdchain.peer.health;

import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.springframework.boot.health.contributor.Health;

/**
 * A health check run at most once per {@code ttl}: probes and load balancers may poll every second,
 * and each check here costs a KME call, a QRNG call or a full read of the chain file.
 */
final class RecentHealth {

  private final Supplier<Health> check;
  private final long ttlNanos;
  private final LongSupplier nanoTime;
  private Health last;
  private long checkedAt;

  RecentHealth(Supplier<Health> check, Duration ttl, LongSupplier nanoTime) {
    this.check = check;
    this.ttlNanos = ttl.toNanos();
    this.nanoTime = nanoTime;
  }

  /** Concurrent callers wait for one check rather than each running their own. */
  synchronized Health get() {
    long now = nanoTime.getAsLong();
    if (last == null || now - checkedAt >= ttlNanos) {
      last = check.get();
      checkedAt = now;
    }
    return last;
  }
}
