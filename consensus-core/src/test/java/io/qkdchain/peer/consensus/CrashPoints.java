package io.qkdchain.peer.consensus;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Where a simulated process may die inside a step: at a durable write, just before it (the write is
 * lost) or just after it (nothing the write guards, such as the vote a lock precedes, leaves). Each
 * incarnation of a peer reaches its disk through {@link #state} and {@link #chain}, which ask this
 * object at every write; a dead incarnation writes nothing more.
 */
final class CrashPoints {

  /** Just before the write, or just after it. */
  enum Where {
    BEFORE,
    AFTER
  }

  /** The incarnation whose writes these are. */
  interface Process {
    boolean alive();

    /** Kills the process at this point of this write. */
    void die(Where where, String write);
  }

  private final Random random;
  private double probability;
  private BooleanSupplier allowed = () -> true;

  CrashPoints(long seed) {
    this.random = new Random(seed);
  }

  /**
   * @param newProbability the chance that a process dies at any one durable write
   * @param whenAllowed whether a crash may strike now (the run's budget of peers down at once)
   */
  void strike(double newProbability, BooleanSupplier whenAllowed) {
    probability = newProbability;
    allowed = whenAllowed;
  }

  void write(Process process, String what, Runnable write) {
    if (!process.alive()) {
      return;
    }
    if (probability > 0 && random.nextDouble() < probability && allowed.getAsBoolean()) {
      if (random.nextBoolean()) {
        process.die(Where.BEFORE, what);
        return;
      }
      write.run();
      process.die(Where.AFTER, what);
      return;
    }
    write.run();
  }

  /** One incarnation's handle on the durable consensus state. */
  ConsensusStateStore state(MemoryStateStore disk, Process process) {
    return new ConsensusStateStore() {
      @Override
      public void saveLock(VoteLock lock) {
        write(process, "lock", () -> disk.saveLock(lock));
      }

      @Override
      public Optional<VoteLock> loadLock() {
        return disk.loadLock();
      }

      @Override
      public void saveView(Round round) {
        write(process, "view promise", () -> disk.saveView(round));
      }

      @Override
      public Optional<Round> loadView() {
        return disk.loadView();
      }

      @Override
      public void saveAccept(PeerMessage.Vote accept) {
        write(process, "accept", () -> disk.saveAccept(accept));
      }

      @Override
      public List<PeerMessage.Vote> loadAccepts() {
        return disk.loadAccepts();
      }

      @Override
      public void appendPending(List<Transaction> transactions) {
        write(process, "pending", () -> disk.appendPending(transactions));
      }

      @Override
      public List<Transaction> loadPending() {
        return disk.loadPending();
      }

      @Override
      public void forgetPending(Set<String> committedIds) {
        write(process, "forget pending", () -> disk.forgetPending(committedIds));
      }
    };
  }

  /** One incarnation's handle on the chain: an append is a durable write like the others. */
  ChainStore chain(MemoryChainStore disk, Process process) {
    return new ChainStore() {
      @Override
      public long height() {
        return disk.height();
      }

      @Override
      public CommittedBlock tip() {
        return disk.tip();
      }

      @Override
      public Optional<CommittedBlock> get(long index) {
        return disk.get(index);
      }

      @Override
      public List<CommittedBlock> range(long fromIndex, int limit) {
        return disk.range(fromIndex, limit);
      }

      @Override
      public void append(CommittedBlock block) {
        write(process, "block " + block.index(), () -> disk.append(block));
      }

      @Override
      public OptionalLong blockIndexOf(String transactionId) {
        return disk.blockIndexOf(transactionId);
      }
    };
  }
}
