package io.qkdchain.peer.node;

import io.qkdchain.peer.consensus.ConsensusEngine;
import io.qkdchain.peer.storage.FileChainStore;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Up once the chain was loaded and verified (the store refuses to open otherwise) and the engine
 * runs; reports the height and the current round.
 */
final class ChainHealthIndicator implements HealthIndicator {

  private final FileChainStore chain;
  private final EngineLifecycle lifecycle;

  ChainHealthIndicator(FileChainStore chain, EngineLifecycle lifecycle) {
    this.chain = chain;
    this.lifecycle = lifecycle;
  }

  @Override
  public Health health() {
    Health.Builder health = lifecycle.running() ? Health.up() : Health.outOfService();
    health.withDetail("chain", chain.file().toString()).withDetail("height", chain.height());
    ConsensusEngine engine = lifecycle.engine();
    if (engine.snapshot() != null) {
      health
          .withDetail("round", engine.snapshot().round().toString())
          .withDetail("phase", engine.snapshot().phase().name());
    }
    return health.build();
  }
}
