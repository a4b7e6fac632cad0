package io.qkdchain.peer.consensus;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The slave's side of key notices (docs/protocol.md, "Key notices"): round keys that proposers
 * announced for their next proposal, read from the KME as soon as announced, so that verifying the
 * proposal does not wait for {@code dec_keys}. A proposal whose key IDs match takes its key from
 * here, its LFSR derived already ({@link ReadyKey}); any other proposal, or one whose read ahead
 * failed, reads its key as before.
 *
 * <p>At most {@link #PER_PROPOSER} keys per proposer are held: the one its next proposal will use,
 * and one more in case notices overtake proposals. When another arrives the oldest is dropped; that
 * key was read, so a proposal naming it later cannot be verified here (the proposer has moved on
 * past it in any fault-free run, since it announces a key only after using the previous one). Used
 * on the event loop only.
 */
final class AnnouncedKeys {

  static final int PER_PROPOSER = 2;

  private record ReadAhead(KeyHandle.QkdKeyIds keyIds, int bits, CompletableFuture<ReadyKey> key) {}

  private final PeerContext ctx;
  private final Map<PeerId, Deque<ReadAhead>> byProposer = new HashMap<>();

  AnnouncedKeys(PeerContext ctx) {
    this.ctx = ctx;
  }

  /** A notice from {@code proposer}, an authenticated member: reads the key unless pointless. */
  void announced(PeerId proposer, PeerMessage.KeyNotice notice) {
    if (proposer.equals(ctx.self()) || notice.bits() != KeyPrefetch.fixedKeyBits(ctx.settings())) {
      ctx.events().keyNotice(proposer, notice.keyIds().keyIds(), KeyNoticeOutcome.IGNORED);
      return;
    }
    Deque<ReadAhead> held = byProposer.computeIfAbsent(proposer, p -> new ArrayDeque<>());
    for (ReadAhead read : held) {
      if (read.keyIds().equals(notice.keyIds())) {
        ctx.events().keyNotice(proposer, notice.keyIds().keyIds(), KeyNoticeOutcome.IGNORED);
        return;
      }
    }
    if (held.size() == PER_PROPOSER) {
      if (!held.peekFirst().key().isDone()) {
        ctx.events().keyNotice(proposer, notice.keyIds().keyIds(), KeyNoticeOutcome.IGNORED);
        return;
      }
      ReadAhead oldest = held.removeFirst();
      destroy(oldest.key());
      ctx.events().keyNotice(proposer, oldest.keyIds().keyIds(), KeyNoticeOutcome.EVICTED);
    }
    held.addLast(
        new ReadAhead(
            notice.keyIds(), notice.bits(), read(proposer, notice.keyIds(), notice.bits())));
    ctx.events().keyNotice(proposer, notice.keyIds().keyIds(), KeyNoticeOutcome.READ_AHEAD);
  }

  /**
   * The round key a proposal names: the one read ahead if it was announced and its read did not
   * fail, else read now.
   */
  CompletableFuture<ReadyKey> obtain(PeerId proposer, KeyHandle handle, int bits) {
    Deque<ReadAhead> held = byProposer.get(proposer);
    if (held != null) {
      for (Iterator<ReadAhead> it = held.iterator(); it.hasNext(); ) {
        ReadAhead read = it.next();
        if (read.keyIds().equals(handle) && read.bits() == bits) {
          it.remove();
          ctx.events().keyNotice(proposer, read.keyIds().keyIds(), KeyNoticeOutcome.USED);
          return read.key()
              .handle((key, error) -> error == null ? key : null)
              .thenCompose(
                  key ->
                      key != null
                          ? CompletableFuture.completedFuture(key)
                          : read(proposer, handle, bits));
        }
      }
    }
    return read(proposer, handle, bits);
  }

  /** Drops every key read ahead (the engine stops). */
  void discard() {
    byProposer.values().forEach(held -> held.forEach(read -> destroy(read.key())));
    byProposer.clear();
  }

  int held() {
    return byProposer.values().stream().mapToInt(Deque::size).sum();
  }

  /**
   * dec_keys, then the key made ready off the loop; completes with null if none came back. Also
   * called off the loop, when a read ahead failed: key sources may be called from any thread.
   */
  private CompletableFuture<ReadyKey> read(PeerId proposer, KeyHandle handle, int bits) {
    return PeerContext.call(() -> ctx.keys().obtain(proposer, handle, bits))
        .toCompletableFuture()
        .thenApplyAsync(
            bytes -> bytes == null ? null : ReadyKey.of(ctx.settings(), bytes),
            ctx.loop().compute());
  }

  private static void destroy(CompletableFuture<ReadyKey> key) {
    key.thenAccept(
        ready -> {
          if (ready != null) {
            ready.destroy();
          }
        });
  }
}
