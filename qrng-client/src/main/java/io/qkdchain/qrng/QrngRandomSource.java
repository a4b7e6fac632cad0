package io.qkdchain.qrng;

/**
 * Random bits from the QRNG, buffered so that one HTTP call serves many draws. When the buffer runs
 * dry the calling thread refills it synchronously; draws are serialised, so no bit is ever handed
 * out twice.
 */
public final class QrngRandomSource implements RandomSource {

  private final QrngClient client;
  private final BitBuffer buffer = new BitBuffer();
  private long blocksFetched;

  public QrngRandomSource(QrngClient client) {
    if (client == null) {
      throw new IllegalArgumentException("client must not be null");
    }
    this.client = client;
  }

  public QrngRandomSource(QrngConfig config) {
    this(new QrngClient(config));
  }

  /**
   * @throws QrngUnavailableException when the buffer is empty and the QRNG cannot refill it
   */
  @Override
  public synchronized int nextBits(int count) {
    RandomSource.checkBitCount(count);
    while (buffer.availableBits() < count) {
      buffer.append(client.fetchEntropy());
      blocksFetched++;
    }
    return buffer.take(count);
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
