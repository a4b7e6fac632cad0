package io.qkdchain.peer.consensus;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The lock, view and pool log as a disk would keep them: they outlive the engine. What the real
 * store syncs (lock, view, pending appends) is durable at once; what it only writes (accepts, the
 * lazy forgetting of committed pending records) survives a process crash but not a power loss until
 * the host writes it back ({@link #writeBack}, the kernel's periodic flush).
 */
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
  private List<PeerMessage.Vote> acceptsWrittenBack = List.of();
  private final Map<String, Transaction> forgottenSinceWriteBack = new LinkedHashMap<>();
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
    for (String id : committedIds) {
      Transaction forgotten = pending.remove(id);
      if (forgotten != null) {
        forgottenSinceWriteBack.putIfAbsent(id, forgotten);
      }
    }
  }

  /** The host flushed its dirty pages: everything written so far survives a power loss. */
  void writeBack() {
    acceptsWrittenBack = List.copyOf(accepts);
    forgottenSinceWriteBack.clear();
  }

  /**
   * The host lost power: what was written but neither synced nor written back is gone (accepts
   * since the last write-back; pending records forgotten since then come back).
   *
   * @return how many records the loss changed
   */
  int powerLoss() {
    int changed = forgottenSinceWriteBack.size();
    if (!accepts.equals(acceptsWrittenBack)) {
      changed += Math.max(1, Math.abs(accepts.size() - acceptsWrittenBack.size()));
    }
    accepts.clear();
    accepts.addAll(acceptsWrittenBack);
    forgottenSinceWriteBack.forEach(pending::putIfAbsent);
    forgottenSinceWriteBack.clear();
    return changed;
  }

  int lockWrites() {
    return lockWrites;
  }

  int pendingCount() {
    return pending.size();
  }
}
