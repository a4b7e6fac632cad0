package io.qkdchain.peer.consensus;

import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.function.BooleanSupplier;

/**
 * One clock and one queue of (time, sequence, task) for a whole simulated cluster: everything runs
 * on the test thread, in an order fixed by the seed, so a failing run replays exactly.
 */
final class VirtualTime {

  private record Task(long at, long seq, Runnable run) {}

  private final PriorityQueue<Task> queue =
      new PriorityQueue<>(Comparator.comparingLong(Task::at).thenComparingLong(Task::seq));
  private long now;
  private long seq;
  private long steps;

  /**
   * More tasks than this pending at once is a message storm (peers answering each other without end
   * at no cost in virtual time): the run fails with what is queued instead of never ending.
   */
  static final int STORM = 200_000;

  long now() {
    return now;
  }

  long steps() {
    return steps;
  }

  void at(long time, Runnable task) {
    queue.add(new Task(Math.max(time, now), seq++, task));
  }

  void after(long delayMillis, Runnable task) {
    at(now + delayMillis, task);
  }

  /** Runs tasks until {@code done} holds or the clock would pass {@code now + maxMillis}. */
  boolean runUntil(BooleanSupplier done, long maxMillis) {
    long deadline = now + maxMillis;
    while (!done.getAsBoolean()) {
      Task next = queue.peek();
      if (next == null || next.at() > deadline) {
        now = deadline;
        return done.getAsBoolean();
      }
      step();
    }
    return true;
  }

  void runFor(long millis) {
    runUntil(() -> false, millis);
  }

  private void step() {
    if (queue.size() > STORM) {
      throw new IllegalStateException(
          "message storm: "
              + queue.size()
              + " tasks pending at t="
              + now
              + " ms, after "
              + steps
              + " steps");
    }
    Task task = queue.poll();
    now = task.at();
    steps++;
    task.run().run();
  }
}
