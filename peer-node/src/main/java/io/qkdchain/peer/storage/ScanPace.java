package io.qkdchain.peer.storage;

/**
 * Keeps the full re-scan to a share of one core, so that checking a long chain never takes the CPU
 * that commits need: after each slice of work (at least {@link #SLICE_NANOS}) the scan pauses long
 * enough that work over work-plus-pauses stays at {@code share}. Time is wall time on the scan's
 * thread, so a scan starved of CPU by commits counts its waits as work and pauses longer still.
 */
final class ScanPace {

  /**
   * Work between two pauses: long enough that sleeping costs nothing, short enough to be smooth.
   */
  static final long SLICE_NANOS = 20_000_000L;

  /** Pauses the scan's thread for the given nanoseconds. */
  interface Sleeper {
    void sleep(long nanos) throws InterruptedException;
  }

  /** No pacing: the scan runs flat out (tests, and a share of 1). */
  static final ScanPace FLAT_OUT = new ScanPace(1.0, nanos -> {});

  private final double share;
  private final Sleeper sleeper;

  ScanPace(double share, Sleeper sleeper) {
    if (!(share > 0 && share <= 1)) {
      throw new IllegalArgumentException("a scan's CPU share must be in (0, 1], not " + share);
    }
    this.share = share;
    this.sleeper = sleeper;
  }

  static ScanPace of(double share) {
    return share == 1 ? FLAT_OUT : new ScanPace(share, ScanPace::sleepNanos);
  }

  private static void sleepNanos(long nanos) throws InterruptedException {
    Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
  }

  double share() {
    return share;
  }

  /** The pause owed after {@code workedNanos} of work: none before a whole slice. */
  long pauseAfter(long workedNanos) {
    if (share >= 1 || workedNanos < SLICE_NANOS) {
      return 0;
    }
    return (long) (workedNanos * (1 - share) / share);
  }

  /**
   * Called after each block with the time the current slice started: pauses when the slice is whole
   * and returns when the next one starts (the same time when it did not pause). An interrupt ends
   * the pause, stays set, and leaves the rest of the scan unpaced.
   */
  long afterBlock(long sliceStarted) {
    long pause = pauseAfter(System.nanoTime() - sliceStarted);
    if (pause == 0 || Thread.currentThread().isInterrupted()) {
      return sliceStarted;
    }
    try {
      sleeper.sleep(pause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return System.nanoTime();
  }
}
