package io.qkdchain.peer.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.qkdchain.peer.consensus.KeyHandle;
import io.qkdchain.peer.consensus.PeerId;
import io.qkdchain.peer.consensus.RoundKeySource;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Times the KME calls behind the round keys of the QKD links: {@code qkdchain.kme.calls} with the
 * operation ({@code enc_keys} as master, {@code dec_keys} as slave) and the outcome ({@code ok} or
 * the kind of error). Classical links make no KME call and are passed through unmeasured.
 */
public final class MeteredRoundKeySource implements RoundKeySource {

  private final RoundKeySource keys;
  private final Set<PeerId> qkdLinks;
  private final MeterRegistry registry;

  /**
   * @param keys the links' key sources
   * @param qkdLinks the peers whose link takes keys from a KME
   */
  public MeteredRoundKeySource(RoundKeySource keys, Set<PeerId> qkdLinks, MeterRegistry registry) {
    this.keys = keys;
    this.qkdLinks = Set.copyOf(qkdLinks);
    this.registry = registry;
  }

  @Override
  public CompletionStage<IssuedRoundKey> issue(PeerId slave, int bits) {
    if (!qkdLinks.contains(slave)) {
      return keys.issue(slave, bits);
    }
    long start = System.nanoTime();
    return keys.issue(slave, bits).whenComplete((key, error) -> record("enc_keys", start, error));
  }

  @Override
  public CompletionStage<byte[]> obtain(PeerId master, KeyHandle handle, int bits) {
    if (!qkdLinks.contains(master)) {
      return keys.obtain(master, handle, bits);
    }
    long start = System.nanoTime();
    return keys.obtain(master, handle, bits)
        .whenComplete((key, error) -> record("dec_keys", start, error));
  }

  private void record(String operation, long start, Throwable error) {
    Timer.builder("qkdchain.kme.calls")
        .description("Round-key requests to the KME (ETSI GS QKD 014), retries included")
        .tag("operation", operation)
        .tag("outcome", error == null ? "ok" : KmeErrorKind.of(error))
        .register(registry)
        .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
  }
}
