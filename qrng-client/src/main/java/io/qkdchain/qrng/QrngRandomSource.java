package io.qkdchain.qrng;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * Random bits from the QRNG, buffered so that one HTTP call serves many draws; draws are
 * serialised, so no bit is ever handed out twice.
 *
 * <p>Two ways to refill. {@link #QrngRandomSource(QrngClient) Synchronously}: when the buffer runs
 * dry the drawing thread fetches the next block. {@link #refillingAhead Ahead}: once fewer than
 * half a block's bits remain, the next block is fetched on a background thread, so a draw waits for
 * the QRNG only when the buffer runs dry before that fetch is back (the first draw, or a QRNG
 * slower than half a block's worth of draws). A background fetch that fails is not retried in the
 * background: the draw that finds the buffer dry gets its failure at once, without waiting for a
 * timeout, and the caller's fallback policy takes over; the next dry draw fetches synchronously.
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
  private final BitBuffer buffer = new BitBuffer();
  private CompletableFuture<byte[]> ahead;
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
  }

  /** Fetches the next block on {@code refill} once fewer than half a block's bits remain. */
  public static QrngRandomSource refillingAhead(QrngClient client, Executor refill) {
    if (refill == null) {
      throw new IllegalArgumentException("refill executor must not be null");
    }
    return new QrngRandomSource(client, refill);
  }

  /**
   * As {@link #refillingAhead(QrngClient, Executor)}, on shared daemon threads ({@code
   * qrng-refill}) that end after a minute idle.
   */
  public static QrngRandomSource refillingAhead(QrngClient client) {
    return refillingAhead(client, SHARED_REFILL);
  }

  /**
   * @throws QrngUnavailableException when the buffer is empty and the QRNG cannot refill it
   */
  @Override
  public synchronized int nextBits(int count) {
    RandomSource.checkBitCount(count);
    while (buffer.availableBits() < count) {
      byte[] block = ahead != null ? takeAhead() : client.fetchEntropy();
      buffer.append(block);
      blocksFetched++;
      lowWaterBits = Math.max(lowWaterBits, 4L * block.length);
    }
    int bits = buffer.take(count);
    if (refill != null && ahead == null && buffer.availableBits() < lowWaterBits) {
      ahead = CompletableFuture.supplyAsync(client::fetchEntropy, refill);
    }
    return bits;
  }

  /** The block fetched ahead, waiting for it if it is not back yet. */
  private byte[] takeAhead() {
    CompletableFuture<byte[]> fetching = ahead;
    ahead = null;
    try {
      return fetching.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof QrngUnavailableException unavailable) {
        throw unavailable;
      }
      throw e;
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
