package io.qkdchain.peer.consensus;

import io.qkdchain.peer.consensus.RoundKeySource.IssuedRoundKey;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The proposer's round keys for its next proposal, requested as soon as the current one is sent
 * (docs/protocol.md, "Key prefetch"), so that the next round does not wait for {@code enc_keys}. A
 * key is bound to a round only when a proposal uses it; until then it is just a key shared with the
 * slave's KME. Only for families whose key length does not depend on the block (lfsr), and only
 * when {@link ConsensusSettings#prefetchKeys()} is on. Each key is made {@link ReadyKey ready} (its
 * LFSR derived) off the loop as soon as it is issued, and so is the proposer's own round key for
 * its entry of the group signature. Used on the event loop only.
 */
final class KeyPrefetch {

  /**
   * KMEs may expire a key the slave has not read (the simulator after 10 minutes): an older
   * prefetched key is dropped rather than risk a proposal its slaves cannot verify.
   */
  static final long MAX_AGE_MILLIS = 60_000;

  /** A key handed out by the KME, with its handle for the proposal. */
  record Prepared(KeyHandle handle, ReadyKey key) {}

  private record Fetched(int bits, long fetchedAt, CompletableFuture<Prepared> key) {}

  private final PeerContext ctx;
  private final Map<PeerId, Fetched> held = new HashMap<>();
  private Fetched own;

  KeyPrefetch(PeerContext ctx) {
    this.ctx = ctx;
  }

  /** A key of {@code bits} bits for the link to {@code slave}: the held one if usable, else new. */
  CompletableFuture<Prepared> take(PeerId slave, int bits) {
    Fetched fetched = held.remove(slave);
    if (fetched != null) {
      if (usable(fetched, bits)) {
        return fetched.key();
      }
      destroy(fetched.key());
    }
    return prepare(issue(slave, bits));
  }

  /** The proposer's own round key (from its CSPRNG): the one prepared ahead if usable, else new. */
  CompletableFuture<ReadyKey> takeOwn(int bits) {
    Fetched fetched = own;
    own = null;
    if (fetched != null) {
      if (usable(fetched, bits)) {
        return fetched.key().thenApply(Prepared::key);
      }
      destroy(fetched.key());
    }
    return ownKey(bits).key().thenApply(Prepared::key);
  }

  private boolean usable(Fetched fetched, int bits) {
    return fetched.bits() == bits
        && ctx.loop().nowMillis() - fetched.fetchedAt() < MAX_AGE_MILLIS
        && !fetched.key().isCompletedExceptionally();
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
        CompletableFuture<IssuedRoundKey> issued = issue(slave, bits);
        Fetched fetched = new Fetched(bits, now, prepare(issued));
        held.put(slave, fetched);
        ctx.onLoop(issued, (key, error) -> announce(slave, fetched, key));
      }
    }
    if (own == null) {
      own = ownKey(bits);
    }
  }

  /** Fresh bits from this peer's CSPRNG, drawn on the loop and made ready off it. */
  private Fetched ownKey(int bits) {
    byte[] bytes = new byte[(bits + 7) / 8];
    ctx.random().nextBytes(bytes);
    return new Fetched(
        bits,
        ctx.loop().nowMillis(),
        CompletableFuture.supplyAsync(
            () -> new Prepared(null, ReadyKey.of(ctx.settings(), bytes)), ctx.loop().compute()));
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

  /** Drops every held key (the engine stops, or a key failed and fresh ones are wanted). */
  void discard() {
    held.values().forEach(fetched -> destroy(fetched.key()));
    held.clear();
    if (own != null) {
      destroy(own.key());
      own = null;
    }
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

  private CompletableFuture<Prepared> prepare(CompletableFuture<IssuedRoundKey> issued) {
    return issued.thenApplyAsync(
        key ->
            key == null
                ? null
                : new Prepared(key.handle(), ReadyKey.of(ctx.settings(), key.keyBytes())),
        ctx.loop().compute());
  }

  private static void destroy(CompletableFuture<Prepared> key) {
    key.thenAccept(
        prepared -> {
          if (prepared != null) {
            prepared.key().destroy();
          }
        });
  }
}
