package io.qkdchain.peer.consensus;

import java.time.Duration;

/**
 * One peer's event loop on the shared virtual clock; killing it is the peer's crash. Its clock may
 * be skewed: {@link #nowMillis} reads {@code offset} ahead of (or behind) true time, and a timer of
 * {@code d} fires after {@code d * rate} of true time (a slow or fast oscillator).
 */
final class SimulatedLoop implements EventLoop {

  /** Virtual time 0 is this wall-clock instant, so block timestamps look real. */
  static final long EPOCH_MILLIS = 1_700_000_000_000L;

  private final VirtualTime time;
  private final long offsetMillis;
  private final double rate;
  private boolean alive = true;

  SimulatedLoop(VirtualTime time) {
    this(time, 0, 1.0);
  }

  /**
   * @param offsetMillis how far this peer's clock reads ahead of true time (negative: behind)
   * @param rate true milliseconds per millisecond this peer's timers count (above 1: slow timers)
   */
  SimulatedLoop(VirtualTime time, long offsetMillis, double rate) {
    if (!(rate > 0)) {
      throw new IllegalArgumentException("rate must be positive: " + rate);
    }
    this.time = time;
    this.offsetMillis = offsetMillis;
    this.rate = rate;
  }

  void kill() {
    alive = false;
  }

  boolean alive() {
    return alive;
  }

  @Override
  public void execute(Runnable task) {
    time.after(0, () -> runIfAlive(task));
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    boolean[] cancelled = {false};
    time.after(
        Math.round(Math.max(0, delay.toMillis()) * rate),
        () -> {
          if (!cancelled[0]) {
            runIfAlive(task);
          }
        });
    return () -> cancelled[0] = true;
  }

  /**
   * Runs a task of a live peer. A peer killed in the middle of the task (a crash point at a durable
   * write) runs the rest of it with its disk and links already gone; whatever that rest throws, on
   * state the dead process will never use again, died with it.
   */
  private void runIfAlive(Runnable task) {
    if (!alive) {
      return;
    }
    try {
      task.run();
    } catch (RuntimeException e) {
      if (alive) {
        throw e;
      }
    }
  }

  @Override
  public long nowMillis() {
    return EPOCH_MILLIS + time.now() + offsetMillis;
  }
}
