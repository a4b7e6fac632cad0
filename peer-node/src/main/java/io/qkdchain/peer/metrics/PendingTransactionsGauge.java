package io.qkdchain.peer.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.qkdchain.peer.consensus.ConsensusEngine;
import io.qkdchain.peer.consensus.RoundSnapshot;

/** {@code qkdchain.pending.transactions}: the pool size in the engine's latest round snapshot. */
final class PendingTransactionsGauge implements MeterBinder {

  private final ConsensusEngine engine;

  PendingTransactionsGauge(ConsensusEngine engine) {
    this.engine = engine;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder("qkdchain.pending.transactions", engine, PendingTransactionsGauge::pooled)
        .description("Uncommitted transactions in this peer's pool")
        .register(registry);
  }

  private static double pooled(ConsensusEngine engine) {
    RoundSnapshot snapshot = engine.snapshot();
    return snapshot == null ? 0 : snapshot.pooledTransactions();
  }
}
