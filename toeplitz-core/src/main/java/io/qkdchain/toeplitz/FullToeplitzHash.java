package io.qkdchain.toeplitz;

import java.util.Objects;

/**
 * The {@code full} family: a {@code t x n} Toeplitz matrix from {@code n + t - 1} seed bits, {@code
 * T[i][j] = s[j - i]} when {@code j >= i}, else {@code s[n - 1 + i - j]}.
 *
 * <p>Every diagonal is constant, so row {@code i} is a window of one sequence {@code v}: the seed
 * bits that define column 0 below row 0, reversed, followed by row 0. With {@code v = reverse(s[n
 * .. n+t-2]) ++ s[0 .. n-1]}, {@code T[i][j] = v[j + t - 1 - i]}, and the hash is a {@link
 * WindowCorrelation} of the message with {@code v}, read backwards.
 */
public final class FullToeplitzHash implements ToeplitzHash {

  private final int tagBits;
  private final long messageBits;
  private final WindowCorrelation correlation;

  private FullToeplitzHash(int tagBits, long messageBits, WindowCorrelation correlation) {
    this.tagBits = tagBits;
    this.messageBits = messageBits;
    this.correlation = correlation;
  }

  /** A hash of {@code seed.length() - tagBits + 1}-bit messages. */
  public static FullToeplitzHash fromSeed(int tagBits, BitString seed) {
    Objects.requireNonNull(seed, "seed");
    ToeplitzFamily.FULL.validateTagBits(tagBits);
    long messageBits = (long) seed.length() - tagBits + 1;
    if (messageBits < 0) {
      throw new IllegalArgumentException(
          "a full-family seed for "
              + tagBits
              + "-bit tags needs at least "
              + (tagBits - 1)
              + " bits, got "
              + seed.length());
    }
    int n = (int) messageBits;
    int below = tagBits - 1;
    long[] v = new long[BitString.wordsFor((long) n + below)];
    long[] column = Bits.reverse(Bits.extract(seed.words(), n, below), below);
    Bits.xorInto(v, 0, column, below);
    Bits.xorInto(v, below, seed.words(), n);
    return new FullToeplitzHash(tagBits, messageBits, new WindowCorrelation(v, n + below, tagBits));
  }

  @Override
  public ToeplitzFamily family() {
    return ToeplitzFamily.FULL;
  }

  @Override
  public int tagBits() {
    return tagBits;
  }

  /** The message length {@code n} this matrix was built for. */
  public long messageBits() {
    return messageBits;
  }

  @Override
  public BitString hash(byte[] message) {
    requireLength(8L * message.length);
    return fromCorrelation(correlation.correlate(message, message.length, true));
  }

  @Override
  public BitString hash(BitString message) {
    requireLength(message.length());
    int byteCount = (message.length() + 7) >>> 3;
    byte[] bytes = Bits.toLittleEndianBytes(message.words(), byteCount, 0);
    return fromCorrelation(correlation.correlate(bytes, byteCount, false));
  }

  private BitString fromCorrelation(long[] g) {
    return BitString.wrap(Bits.reverse(g, tagBits), tagBits);
  }

  private void requireLength(long bits) {
    if (bits != messageBits) {
      throw new IllegalArgumentException(
          "this full-family matrix hashes " + messageBits + "-bit messages, got " + bits + " bits");
    }
  }
}
