package io.qkdchain.qrng;

import io.qkdchain.qrng.QrngUnavailableException.Reason;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Random bits from the QRNG, buffered so that one HTTP call serves many draws; draws are
 * serialised, so no bit is ever handed out twice.
 *
 * <p>Two ways to refill. {@link #QrngRandomSource(QrngClient) Synchronously}: when the buffer runs
 * dry the drawing thread fetches the next block. {@link #refillingAhead Ahead}: the drawing thread
 * never calls the QRNG itself. Once fewer than half a block's bits remain, the next block is
 * fetched on a background thread, at most one fetch at a time. A draw that finds the buffer dry
 * waits for that fetch (starting one if none is on its way) for at most the configured {@link
 * QrngConfig#drawWait() draw wait}:
 *
 * <ul>
 *   <li>the block is back in time: the draw is served from it;
 *   <li>it is not: the draw fails with {@link Reason#TIMEOUT} and the fetch goes on, its block kept
 *       for a later draw;
 *   <li>the fetch failed within the last draw wait: the draw fails at once with that failure, and
 *       the next dry draw starts a new fetch;
 *   <li>it failed longer ago: that failure is history (the QRNG may be back), so a new fetch starts
 *       and is waited for as above.
 * </ul>
 *
 * So a QRNG that hangs or is down costs a draw at most the draw wait, never a connect or read
 * timeout, and the caller's fallback policy takes over; a QRNG that is back serves the first draw
 * that asks.
 */
public final class QrngRandomSource implements RandomSource {

  private static final Executor SHARED_REFILL =
      Executors.newCachedThreadPool(
          task -> {
            Thread thread = new Thread(task, "qrng-refill");
            thread.setDaemon(true);
            return thread;
          });

  private final QrngClient client;
  private final Executor refill;
  private final Duration drawWait;
  private final BitBuffer buffer = new BitBuffer();
  private Fetch fetching;
  private long lowWaterBits;
  private long blocksFetched;

  public QrngRandomSource(QrngClient client) {
    this(client, null);
  }

  public QrngRandomSource(QrngConfig config) {
    this(new QrngClient(config));
  }

  private QrngRandomSource(QrngClient client, Executor refill) {
    if (client == null) {
      throw new IllegalArgumentException("client must not be null");
    }
    this.client = client;
    this.refill = refill;
    this.drawWait = client.config().drawWait();
  }

  /**
   * Fetches on {@code refill}: the first block at once, each next one once fewer than half a
   * block's bits remain.
   */
  public static QrngRandomSource refillingAhead(QrngClient client, Executor refill) {
    if (refill == null) {
      throw new IllegalArgumentException("refill executor must not be null");
    }
    QrngRandomSource source = new QrngRandomSource(client, refill);
    synchronized (source) {
      source.startFetch();
    }
    return source;
  }

  /**
   * As {@link #refillingAhead(QrngClient, Executor)}, on shared daemon threads ({@code
   * qrng-refill}) that end after a minute idle.
   */
  public static QrngRandomSource refillingAhead(QrngClient client) {
    return refillingAhead(client, SHARED_REFILL);
  }

  /**
   * @throws QrngUnavailableException when the buffer is empty and the QRNG cannot refill it (in
   *     time, when refilling ahead)
   */
  @Override
  public synchronized int nextBits(int count) {
    RandomSource.checkBitCount(count);
    while (buffer.availableBits() < count) {
      byte[] block = refill == null ? client.fetchEntropy() : awaitFetch();
      buffer.append(block);
      blocksFetched++;
      lowWaterBits = Math.max(lowWaterBits, 4L * block.length);
    }
    int bits = buffer.take(count);
    if (refill != null && fetching == null && buffer.availableBits() < lowWaterBits) {
      startFetch();
    }
    return bits;
  }

  private void startFetch() {
    fetching = new Fetch(client, refill);
  }

  /**
   * The block being fetched, waiting up to the draw wait; a fetch starts if none is on its way or
   * the last one failed longer than a draw wait ago.
   */
  private byte[] awaitFetch() {
    if (fetching == null || fetching.failedBefore(System.nanoTime() - drawWait.toNanos())) {
      startFetch();
    }
    try {
      byte[] block = fetching.block.get(drawWait.toNanos(), TimeUnit.NANOSECONDS);
      fetching = null;
      return block;
    } catch (TimeoutException e) {
      throw new QrngUnavailableException(
          Reason.TIMEOUT,
          "no QRNG block within the draw wait of "
              + drawWait.toMillis()
              + " ms; the fetch goes on for a later draw");
    } catch (ExecutionException e) {
      fetching = null;
      if (e.getCause() instanceof QrngUnavailableException unavailable) {
        throw unavailable;
      }
      throw new IllegalStateException("QRNG fetch failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QrngUnavailableException(Reason.TIMEOUT, "interrupted waiting for a QRNG block");
    }
  }

  /** One block on its way from the QRNG, and when it arrived or failed. */
  private static final class Fetch {

    final CompletableFuture<byte[]> block;
    private volatile long doneAtNanos;

    Fetch(QrngClient client, Executor refill) {
      this.block =
          CompletableFuture.supplyAsync(client::fetchEntropy, refill)
              .whenComplete((bytes, failure) -> doneAtNanos = System.nanoTime());
    }

    /** Whether this fetch failed before {@code nanoTime} (a {@link System#nanoTime} reading). */
    boolean failedBefore(long nanoTime) {
      return block.isCompletedExceptionally() && doneAtNanos - nanoTime < 0;
    }
  }

  /** Bits fetched but not yet drawn. */
  public synchronized long bufferedBits() {
    return buffer.availableBits();
  }

  /** HTTP calls that delivered a block so far. */
  public synchronized long blocksFetched() {
    return blocksFetched;
  }
}
