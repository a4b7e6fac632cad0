package io.qkdchain.qrng;

/**
 * A supply of uniformly random bits. Integers in a range are derived by rejection sampling from the
 * fewest bits that can express the range, so no value is favoured and little entropy is spent.
 */
public interface RandomSource {

  /**
   * The next {@code count} random bits as the low bits of a non-negative int.
   *
   * @param count between 0 and 31
   */
  int nextBits(int count);

  /** A uniformly distributed int in {@code [0, bound)}. */
  default int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive, got " + bound);
    }
    if (bound == 1) {
      return 0;
    }
    int bits = Integer.SIZE - Integer.numberOfLeadingZeros(bound - 1);
    while (true) {
      // Reducing modulo bound would favour small values; rejecting keeps every value equally
      // likely, and with the minimal bit count more than half of the candidates are accepted.
      int candidate = nextBits(bits);
      if (candidate < bound) {
        return candidate;
      }
    }
  }

  static void checkBitCount(int count) {
    if (count < 0 || count > 31) {
      throw new IllegalArgumentException("bit count must be between 0 and 31, got " + count);
    }
  }
}
