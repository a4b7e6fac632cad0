package io.qkdchain.peer.health;

import io.qkdchain.peer.storage.ChainVerification;
import io.qkdchain.peer.storage.ChainVerifier;
import java.time.Duration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Re-verifies the chain file as stored on disk (checksums, hashes, links; the same check as {@code
 * GET /api/v1/chain/verify}), so damage after start-up is seen too. At most once per {@code ttl}.
 */
final class ChainIntegrityHealthIndicator implements HealthIndicator {

  private final RecentHealth recent;

  ChainIntegrityHealthIndicator(ChainVerifier verifier, Duration ttl) {
    this.recent = new RecentHealth(() -> check(verifier), ttl, System::nanoTime);
  }

  @Override
  public Health health() {
    return recent.get();
  }

  private static Health check(ChainVerifier verifier) {
    ChainVerification result;
    try {
      result = verifier.verify();
    } catch (RuntimeException e) {
      return Health.down().withDetail("error", String.valueOf(e.getMessage())).build();
    }
    Health.Builder health = result.valid() ? Health.up() : Health.down();
    health.withDetail("verifiedBlocks", result.height());
    result.firstBadIndex().ifPresent(index -> health.withDetail("firstBadIndex", index));
    if (result.problem() != null) {
      health.withDetail("problem", result.problem());
    }
    return health.build();
  }
}
