package io.qkdchain.peer.consensus;

import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * The single thread that runs the consensus state machine, and its clock. Production uses a real
 * thread and wall clock; tests use a seeded, virtual-time simulation.
 */
public interface EventLoop {

  void execute(Runnable task);

  Cancellable schedule(Duration delay, Runnable task);

  long nowMillis();

  /**
   * Where CPU-heavy work that touches no consensus state runs (computing MACs), so the loop handles
   * other messages meanwhile; results come back through {@link #execute}. Inline by default, which
   * is all a single-threaded simulation needs.
   */
  default Executor compute() {
    return Runnable::run;
  }

  /** A scheduled task that can be called off. */
  interface Cancellable {
    void cancel();
  }
}
