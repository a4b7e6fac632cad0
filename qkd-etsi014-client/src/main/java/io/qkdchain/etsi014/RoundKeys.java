package io.qkdchain.etsi014;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Round keys of an exact size over one KME, for both ends of a link.
 *
 * <p>The master calls {@link #fetchForSlave}: it reads (and caches) the link's status, plans key
 * sizes and counts within the KME's limits ({@link KeyPlan}), makes as many {@code enc_keys}
 * requests as {@code max_key_per_request} requires, and assembles the keys in the order received.
 * It then sends {@link SharedKey#keyIds()} to the slave, which calls {@link #fetchFromMaster} with
 * that list unchanged and obtains the same bytes.
 */
public final class RoundKeys {

  private static final Logger log = LoggerFactory.getLogger(RoundKeys.class);

  private final Etsi014Client client;
  private final Duration statusTtl;
  private final int maxKeyIdsPerDecRequest;
  private final Map<String, CachedStatus> statuses = new ConcurrentHashMap<>();

  /** Status cached for 5 minutes; at most 10 key IDs per {@code dec_keys} request. */
  public RoundKeys(Etsi014Client client) {
    this(client, Duration.ofMinutes(5), 10);
  }

  /**
   * @param statusTtl how long a KME status is reused before it is read again
   * @param maxKeyIdsPerDecRequest how many key IDs one {@code dec_keys} request may carry; the
   *     slave cannot read the master's limits, so this is configured
   */
  public RoundKeys(Etsi014Client client, Duration statusTtl, int maxKeyIdsPerDecRequest) {
    RetryPolicy.requirePositive(statusTtl, "statusTtl");
    if (maxKeyIdsPerDecRequest < 1) {
      throw new IllegalArgumentException(
          "maxKeyIdsPerDecRequest must be >= 1, was " + maxKeyIdsPerDecRequest);
    }
    this.client = client;
    this.statusTtl = statusTtl;
    this.maxKeyIdsPerDecRequest = maxKeyIdsPerDecRequest;
  }

  /** The plan a {@link #fetchForSlave} call would follow now. */
  public Mono<KeyPlan> plan(String slaveSaeId, int bits) {
    KeyPlan.requireRoundKeyBits(bits);
    return status(slaveSaeId).map(status -> KeyPlan.forBits(bits, status));
  }

  /**
   * Master side: new keys for the link to {@code slaveSaeId}, assembled to exactly {@code bits}.
   */
  public Mono<SharedKey> fetchForSlave(String slaveSaeId, int bits) {
    return plan(slaveSaeId, bits)
        .flatMap(
            plan -> {
              if (plan.excessBits() > 0) {
                log.info(
                    "KME limits force {} key(s) of {} bits for a {}-bit round key; the last {} bits are dropped",
                    plan.keyCount(),
                    plan.keySizeBits(),
                    bits,
                    plan.excessBits());
              }
              return Flux.fromIterable(plan.batches())
                  .concatMap(
                      number ->
                          client.getKeys(slaveSaeId, KeyRequest.of(number, plan.keySizeBits())))
                  .collectList()
                  .doOnDiscard(KeyContainer.class, KeyContainer::close)
                  .map(containers -> SharedKey.assemble(allKeys(containers), bits, "enc_keys"));
            })
        .doOnError(KmeBadRequest.class, refused -> forgetStatus(slaveSaeId));
  }

  /**
   * Slave side: the keys the master fetched, by the IDs it sent in its order, assembled to exactly
   * {@code bits} the same way.
   */
  public Mono<SharedKey> fetchFromMaster(String masterSaeId, List<String> keyIds, int bits) {
    KeyPlan.requireRoundKeyBits(bits);
    if (keyIds == null || keyIds.isEmpty()) {
      throw new IllegalArgumentException("keyIds must name at least one key");
    }
    List<List<String>> batches = new ArrayList<>();
    for (int from = 0; from < keyIds.size(); from += maxKeyIdsPerDecRequest) {
      batches.add(
          List.copyOf(
              keyIds.subList(from, Math.min(keyIds.size(), from + maxKeyIdsPerDecRequest))));
    }
    return Flux.fromIterable(batches)
        .concatMap(batch -> client.getKeysWithIds(masterSaeId, batch))
        .collectList()
        .doOnDiscard(KeyContainer.class, KeyContainer::close)
        .map(containers -> SharedKey.assemble(allKeys(containers), bits, "dec_keys"));
  }

  /** Drops the cached status, so the next round reads it afresh (done on any 400 from the KME). */
  public void forgetStatus(String slaveSaeId) {
    statuses.remove(slaveSaeId);
  }

  private Mono<KeyStatus> status(String slaveSaeId) {
    CachedStatus cached = statuses.get(slaveSaeId);
    if (cached != null && System.nanoTime() - cached.expiresAtNanos() < 0) {
      return Mono.just(cached.status());
    }
    return client
        .status(slaveSaeId)
        .doOnNext(
            status -> {
              // A mismatch usually means the wrong client certificate for this KME.
              if (!status.masterSaeId().equals(client.config().ownSaeId())) {
                log.warn(
                    "KME reports master_SAE_ID {} for slave {}, but this client is configured as {}",
                    status.masterSaeId(),
                    slaveSaeId,
                    client.config().ownSaeId());
              }
              statuses.put(
                  slaveSaeId, new CachedStatus(status, System.nanoTime() + statusTtl.toNanos()));
            });
  }

  private static List<QkdKey> allKeys(List<KeyContainer> containers) {
    return containers.stream().flatMap(container -> container.keys().stream()).toList();
  }

  private record CachedStatus(KeyStatus status, long expiresAtNanos) {}
}
