package io.qkdchain.peer.consensus;

import io.qkdchain.peer.consensus.RoundKeySource.IssuedRoundKey;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The proposer's round keys for its next proposal, requested as soon as the current one is sent
 * (docs/protocol.md, "Key prefetch"), so that the next round does not wait for {@code enc_keys}. A
 * key is bound to a round only when a proposal uses it; until then it is just a key shared with the
 * slave's KME. Only for families whose key length does not depend on the block (lfsr), and only
 * when {@link ConsensusSettings#prefetchKeys()} is on. Used on the event loop only.
 */
final class KeyPrefetch {

  /**
   * KMEs may expire a key the slave has not read (the simulator after 10 minutes): an older
   * prefetched key is dropped rather than risk a proposal its slaves cannot verify.
   */
  static final long MAX_AGE_MILLIS = 60_000;

  private record Fetched(int bits, long fetchedAt, CompletableFuture<IssuedRoundKey> key) {}

  private final PeerContext ctx;
  private final Map<PeerId, Fetched> held = new HashMap<>();

  KeyPrefetch(PeerContext ctx) {
    this.ctx = ctx;
  }

  /** A key of {@code bits} bits for the link to {@code slave}: the held one if usable, else new. */
  CompletableFuture<IssuedRoundKey> take(PeerId slave, int bits) {
    Fetched fetched = held.remove(slave);
    if (fetched != null) {
      boolean usable =
          fetched.bits() == bits
              && ctx.loop().nowMillis() - fetched.fetchedAt() < MAX_AGE_MILLIS
              && !fetched.key().isCompletedExceptionally();
      if (usable) {
        return fetched.key();
      }
      destroy(fetched.key());
    }
    return issue(slave, bits);
  }

  /**
   * Requests the next proposal's key on every link that holds none, when prefetching applies, and
   * announces each to its slave once issued (a {@link PeerMessage.KeyNotice}).
   */
  void refill() {
    int bits = fixedKeyBits(ctx.settings());
    if (bits < 0) {
      return;
    }
    long now = ctx.loop().nowMillis();
    for (PeerId slave : ctx.membership().others()) {
      if (!held.containsKey(slave)) {
        Fetched fetched = new Fetched(bits, now, issue(slave, bits));
        held.put(slave, fetched);
        ctx.onLoop(fetched.key(), (issued, error) -> announce(slave, fetched, issued));
      }
    }
  }

  /** Tells the slave the key's IDs if the key is still held for the next proposal. */
  private void announce(PeerId slave, Fetched fetched, IssuedRoundKey issued) {
    if (issued != null
        && held.get(slave) == fetched
        && issued.handle() instanceof KeyHandle.QkdKeyIds ids) {
      ctx.send(slave, new PeerMessage.KeyNotice(ids, fetched.bits()));
      ctx.events().keyAnnounced(slave, ids.keyIds());
    }
  }

  /** Zeroes every held key (the engine stops, or a key failed and fresh ones are wanted). */
  void discard() {
    held.values().forEach(fetched -> destroy(fetched.key()));
    held.clear();
  }

  int held() {
    return held.size();
  }

  /** The round key length when it does not depend on the block and prefetch is on, else -1. */
  static int fixedKeyBits(ConsensusSettings settings) {
    if (!settings.prefetchKeys()) {
      return -1;
    }
    int small = settings.family().roundKeyBits(settings.tagBits(), 8);
    int large = settings.family().roundKeyBits(settings.tagBits(), 8L * settings.maxBlockBytes());
    return small == large ? small : -1;
  }

  private CompletableFuture<IssuedRoundKey> issue(PeerId slave, int bits) {
    return PeerContext.call(() -> ctx.keys().issue(slave, bits)).toCompletableFuture();
  }

  private static void destroy(CompletableFuture<IssuedRoundKey> key) {
    key.thenAccept(
        issued -> {
          if (issued != null) {
            Arrays.fill(issued.keyBytes(), (byte) 0);
          }
        });
  }
}
