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

  /** Appends transactions this peer acknowledged; durable (fsync) when it returns. */
  void appendPending(List<Transaction> transactions);

  /** Every pending transaction recorded and not yet forgotten, in arrival order. */
  List<Transaction> loadPending();

  /** Drops pending records of transactions that are committed (compaction; may be lazy). */
  void forgetPending(java.util.Set<String> committedIds);
}
