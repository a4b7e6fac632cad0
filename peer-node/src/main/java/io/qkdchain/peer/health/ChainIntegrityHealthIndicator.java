package io.qkdchain.peer.health;

import io.qkdchain.peer.storage.ChainVerification;
import io.qkdchain.peer.storage.ChainVerifier;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The latest verification of the chain file as stored on disk (checksums, hashes, links, indexes;
 * the same result as {@code GET /api/v1/chain/verify}): the start-up one, then the latest
 * background re-scan, so damage after start-up is seen too. Never reads the chain itself: a health
 * poll costs nothing whatever the chain's length.
 */
final class ChainIntegrityHealthIndicator implements HealthIndicator {

  private final ChainVerifier verifier;

  ChainIntegrityHealthIndicator(ChainVerifier verifier) {
    this.verifier = verifier;
  }

  @Override
  public Health health() {
    ChainVerification result = verifier.latest();
    Health.Builder health = result.valid() ? Health.up() : Health.down();
    health
        .withDetail("verifiedBlocks", result.height())
        .withDetail("scope", result.scope().name())
        .withDetail("checkedAt", result.checkedAt().toString())
        .withDetail("tookMillis", result.took().toMillis())
        .withDetail("scanning", verifier.running().isPresent());
    result.firstBadIndex().ifPresent(index -> health.withDetail("firstBadIndex", index));
    if (result.problem() != null) {
      health.withDetail("problem", result.problem());
    }
    return health.build();
  }
}
