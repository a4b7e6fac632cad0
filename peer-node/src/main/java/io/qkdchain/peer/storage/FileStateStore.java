package io.qkdchain.peer.storage;

import io.qkdchain.peer.consensus.ConsensusStateStore;
import io.qkdchain.peer.consensus.PeerMessage;
import io.qkdchain.peer.consensus.Round;
import io.qkdchain.peer.consensus.Transaction;
import io.qkdchain.peer.consensus.VoteLock;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The consensus state that must survive a crash, under the storage directory: the vote lock ({@code
 * vote-lock.log}, append-only, the last record wins), its accept votes ({@code accepts.log},
 * written before they leave, not synced), the current view ({@code view.json}, replaced atomically)
 * and the pending transactions ({@code pending.log}, append-only with group commit).
 */
public final class FileStateStore implements ConsensusStateStore, AutoCloseable {

  private final VoteStateFiles votes;
  private final AcceptLog accepts;
  private final PendingLog pending;

  private FileStateStore(VoteStateFiles votes, AcceptLog accepts, PendingLog pending) {
    this.votes = votes;
    this.accepts = accepts;
    this.pending = pending;
  }

  public static FileStateStore open(Path dir) {
    VoteStateFiles votes = new VoteStateFiles(dir);
    AcceptLog accepts = null;
    try {
      accepts = AcceptLog.open(dir);
      return new FileStateStore(votes, accepts, PendingLog.open(dir));
    } catch (RuntimeException e) {
      votes.close();
      if (accepts != null) {
        accepts.close();
      }
      throw e;
    }
  }

  @Override
  public void saveAccept(PeerMessage.Vote accept) {
    accepts.save(accept);
  }

  @Override
  public List<PeerMessage.Vote> loadAccepts() {
    return accepts.accepts();
  }

  @Override
  public void saveLock(VoteLock voteLock) {
    votes.saveLock(voteLock);
  }

  @Override
  public Optional<VoteLock> loadLock() {
    return votes.loadLock();
  }

  @Override
  public void saveView(Round round) {
    votes.saveView(round);
  }

  @Override
  public Optional<Round> loadView() {
    return votes.loadView();
  }

  @Override
  public void appendPending(List<Transaction> transactions) {
    pending.append(transactions);
  }

  @Override
  public List<Transaction> loadPending() {
    return pending.load();
  }

  @Override
  public void forgetPending(Set<String> committedIds) {
    pending.forget(committedIds);
  }

  /** How many fsyncs appends have cost so far; with group commit, fewer than appends. */
  public long pendingFsyncs() {
    return pending.fsyncCount();
  }

  public int pendingCount() {
    return pending.liveCount();
  }

  @Override
  public void close() {
    try {
      pending.close();
    } finally {
      try {
        accepts.close();
      } finally {
        votes.close();
      }
    }
  }
}
