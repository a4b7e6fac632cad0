package io.qkdchain.peer.consensus;

import java.time.Duration;

/** One peer's event loop on the shared virtual clock; killing it is the peer's crash. */
final class SimulatedLoop implements EventLoop {

  /** Virtual time 0 is this wall-clock instant, so block timestamps look real. */
  static final long EPOCH_MILLIS = 1_700_000_000_000L;

  private final VirtualTime time;
  private boolean alive = true;

  SimulatedLoop(VirtualTime time) {
    this.time = time;
  }

  void kill() {
    alive = false;
  }

  @Override
  public void execute(Runnable task) {
    time.after(
        0,
        () -> {
          if (alive) {
            task.run();
          }
        });
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    boolean[] cancelled = {false};
    time.after(
        Math.max(0, delay.toMillis()),
        () -> {
          if (alive && !cancelled[0]) {
            task.run();
          }
        });
    return () -> cancelled[0] = true;
  }

  @Override
  public long nowMillis() {
    return EPOCH_MILLIS + time.now();
  }
}
