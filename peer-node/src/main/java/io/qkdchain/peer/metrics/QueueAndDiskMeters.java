package io.qkdchain.peer.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.qkdchain.peer.storage.ChainVerifier;
import io.qkdchain.peer.storage.FileStateStore;
import io.qkdchain.peer.transport.HttpTransport;

/**
 * What the transport and the stores count, as meters: consensus messages dropped from a full outbox
 * ({@code qkdchain.outbox.dropped}, a message lost that way is otherwise invisible), the batches
 * the outboxes posted ({@code qkdchain.outbox.batches}), the pending log's fsyncs ({@code
 * qkdchain.pending.fsyncs}) and the latest chain verification ({@code
 * qkdchain.chain.verification.valid}, {@code qkdchain.chain.verification.age}). Each reads the
 * owner's own count when scraped.
 */
final class QueueAndDiskMeters implements MeterBinder {

  private final HttpTransport transport;
  private final FileStateStore state;
  private final ChainVerifier chain;

  QueueAndDiskMeters(HttpTransport transport, FileStateStore state, ChainVerifier chain) {
    this.transport = transport;
    this.state = state;
    this.chain = chain;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    FunctionCounter.builder("qkdchain.outbox.dropped", transport, HttpTransport::droppedMessages)
        .description("Consensus messages dropped because a peer's outbound queue was full")
        .register(registry);
    FunctionCounter.builder("qkdchain.outbox.batches", transport, HttpTransport::batchesSent)
        .description("Message batches posted to other peers (one request each)")
        .register(registry);
    FunctionCounter.builder("qkdchain.pending.fsyncs", state, FileStateStore::pendingFsyncs)
        .description("fsyncs of the pending-transaction log (group commit: fewer than appends)")
        .register(registry);
    Gauge.builder("qkdchain.chain.verification.valid", chain, c -> c.latest().valid() ? 1 : 0)
        .description("1 if the latest verification of the stored chain found it intact, else 0")
        .register(registry);
    Gauge.builder(
            "qkdchain.chain.verification.age",
            chain,
            c ->
                Math.max(
                    0,
                    java.time.Duration.between(c.latest().checkedAt(), java.time.Instant.now())
                            .toMillis()
                        / 1000.0))
        .description("Seconds since the latest verification of the stored chain finished")
        .baseUnit("seconds")
        .register(registry);
  }
}
