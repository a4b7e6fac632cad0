package io.qkdchain.peer.consensus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Watches every append on every simulated peer and fails at once, naming the seed, when safety
 * breaks: two different blocks at one height, a block that does not link or hash, or a transaction
 * committed twice. Members marked as liars (a Byzantine member's own chain, or its twins') are not
 * checked: safety is a property of the honest peers' chains.
 */
final class ChainLedger {

  private final long seed;
  private final Membership membership;
  private final Map<Long, String> hashAtHeight = new HashMap<>();
  private final Map<String, Long> heightOfTransaction = new HashMap<>();
  private final List<String> appends = new ArrayList<>();
  private final Set<PeerId> liars = new HashSet<>();
  private final List<BiConsumer<PeerId, CommittedBlock>> honestAppendChecks = new ArrayList<>();

  ChainLedger(long seed, Membership membership) {
    this.seed = seed;
    this.membership = membership;
  }

  /** Appends by {@code member} are no longer checked: it may lie. */
  void liar(PeerId member) {
    liars.add(member);
  }

  /** Runs {@code check} at every append by an honest peer, after the ledger's own checks. */
  void checkHonestAppends(BiConsumer<PeerId, CommittedBlock> check) {
    honestAppendChecks.add(check);
  }

  void appended(PeerId peer, CommittedBlock block, String previousHash) {
    if (liars.contains(peer)) {
      appends.add(peer + "@" + block.index() + " (liar, unchecked)");
      return;
    }
    long index = block.index();
    String hash = block.block().hash();
    check(hash.equals(block.certificate().blockHash()), peer, index, "hash != certificate hash");
    check(block.block().previousBlockHash().equals(previousHash), peer, index, "does not link");
    check(block.certificate().round().height() == index, peer, index, "certificate height");
    String earlier = hashAtHeight.putIfAbsent(index, hash);
    check(earlier == null || earlier.equals(hash), peer, index, "FORK: " + earlier + " vs " + hash);
    if (earlier == null) {
      for (Transaction tx : block.block().transactions()) {
        Long before = heightOfTransaction.putIfAbsent(tx.id(), index);
        check(before == null, peer, index, "transaction " + tx.id() + " also in block " + before);
      }
    }
    appends.add(peer + "@" + index);
    honestAppendChecks.forEach(check -> check.accept(peer, block));
  }

  int distinctHeights() {
    return hashAtHeight.size();
  }

  boolean isCommitted(String transactionId) {
    return heightOfTransaction.containsKey(transactionId);
  }

  private void check(boolean ok, PeerId peer, long index, String what) {
    if (!ok) {
      throw new AssertionError(
          "seed " + seed + ": safety violated at " + peer + " block " + index + ": " + what);
    }
  }
}
