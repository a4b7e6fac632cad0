package io.qkdchain.peer.consensus;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The lock, view and pool log as a disk would keep them: they outlive the engine. */
final class MemoryStateStore implements ConsensusStateStore {

  /** Sees every durable write of the lock and the view promise, for the simulation's oracle. */
  interface Observer {
    void lockSaved(VoteLock lock);

    void viewSaved(Round view);
  }

  private VoteLock lock;
  private Round view;
  private final Map<String, Transaction> pending = new LinkedHashMap<>();
  private final java.util.List<PeerMessage.Vote> accepts = new java.util.ArrayList<>();
  private int lockWrites;
  private Observer observer;

  void observe(Observer newObserver) {
    observer = newObserver;
  }

  @Override
  public void saveLock(VoteLock newLock) {
    if (observer != null) {
      observer.lockSaved(newLock);
    }
    lock = newLock;
    lockWrites++;
  }

  @Override
  public Optional<VoteLock> loadLock() {
    return Optional.ofNullable(lock);
  }

  @Override
  public void saveView(Round round) {
    if (observer != null) {
      observer.viewSaved(round);
    }
    view = round;
  }

  @Override
  public Optional<Round> loadView() {
    return Optional.ofNullable(view);
  }

  @Override
  public void saveAccept(PeerMessage.Vote accept) {
    long height = accept.round().height();
    accepts.removeIf(a -> a.round().height() < height);
    accepts.add(accept);
  }

  @Override
  public List<PeerMessage.Vote> loadAccepts() {
    return List.copyOf(accepts);
  }

  @Override
  public void appendPending(List<Transaction> transactions) {
    transactions.forEach(tx -> pending.put(tx.id(), tx));
  }

  @Override
  public List<Transaction> loadPending() {
    return List.copyOf(pending.values());
  }

  @Override
  public void forgetPending(Set<String> committedIds) {
    committedIds.forEach(pending::remove);
  }

  int lockWrites() {
    return lockWrites;
  }

  int pendingCount() {
    return pending.size();
  }
}
