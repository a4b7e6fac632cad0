package io.qkdchain.peer.consensus;

import java.time.Duration;

/**
 * The single thread that runs the consensus state machine, and its clock. Production uses a real
 * thread and wall clock; tests use a seeded, virtual-time simulation.
 */
public interface EventLoop {

  void execute(Runnable task);

  Cancellable schedule(Duration delay, Runnable task);

  long nowMillis();

  /** A scheduled task that can be called off. */
  interface Cancellable {
    void cancel();
  }
}
