package io.qkdchain.peer.consensus;

import java.util.List;
import java.util.Optional;

/**
 * Small durable state the protocol needs across crashes: the vote lock and pending transactions.
 */
public interface ConsensusStateStore {

  /** Persists (fsync) the lock before the first vote of a round. */
  void saveLock(VoteLock lock);

  Optional<VoteLock> loadLock();

  /**
   * Persists (fsync) the view this peer moved to at a height, before it acts in that view or asks
   * for it ({@code ViewChange}). A restarted peer must not go back to a lower view at that height:
   * its {@code ViewChange} promised the new proposer that it would not vote there any more
   * (docs/protocol.md, "Safety argument", step 4).
   */
  void saveView(Round round);

  /** The last view saved by {@link #saveView}, if any. */
  Optional<Round> loadView();

  /**
   * Records an accept vote before it is sent. Written, not necessarily synced: it must survive a
   * process crash (kill -9), and a host crash that loses it costs liveness at most, never safety
   * (docs/protocol.md, "Crash and restart"). A restarted peer tells its accepts again, so that a
   * block an honest peer locked on can still be proposed again.
   */
  void saveAccept(PeerMessage.Vote accept);

  /** The accept votes saved at the highest height any was saved at, oldest first. */
  List<PeerMessage.Vote> loadAccepts();

  /** Appends transactions this peer acknowledged; durable (fsync) when it returns. */
  void appendPending(List<Transaction> transactions);

  /** Every pending transaction recorded and not yet forgotten, in arrival order. */
  List<Transaction> loadPending();

  /** Drops pending records of transactions that are committed (compaction; may be lazy). */
  void forgetPending(java.util.Set<String> committedIds);
}
