package io.qkdchain.qrng;

import java.security.SecureRandom;

/** Bits from the JVM's {@link SecureRandom}: the fallback, and a seedable source for tests. */
public final class SecureRandomSource implements RandomSource {

  private static final int REFILL_BYTES = 64;

  private final SecureRandom random;
  private final BitBuffer buffer = new BitBuffer();

  public SecureRandomSource() {
    this(new SecureRandom());
  }

  public SecureRandomSource(SecureRandom random) {
    if (random == null) {
      throw new IllegalArgumentException("random must not be null");
    }
    this.random = random;
  }

  @Override
  public synchronized int nextBits(int count) {
    RandomSource.checkBitCount(count);
    if (buffer.availableBits() < count) {
      byte[] fresh = new byte[REFILL_BYTES];
      random.nextBytes(fresh);
      buffer.append(fresh);
    }
    return buffer.take(count);
  }
}
