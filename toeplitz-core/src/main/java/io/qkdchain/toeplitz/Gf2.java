package io.qkdchain.toeplitz;

/** In-place arithmetic on GF(2) polynomials stored as packed words (coefficient k at bit k). */
final class Gf2 {

  private Gf2() {}

  static int degree(long[] a) {
    for (int w = a.length - 1; w >= 0; w--) {
      if (a[w] != 0) {
        return (w << 6) + 63 - Long.numberOfLeadingZeros(a[w]);
      }
    }
    return -1;
  }

  /** {@code a ^= b * x^shift}; {@code a} must be long enough for the shifted {@code b}. */
  static void xorShifted(long[] a, long[] b, int bWords, int shift) {
    int word = shift >>> 6;
    int s = shift & 63;
    if (s == 0) {
      for (int w = 0; w < bWords; w++) {
        a[word + w] ^= b[w];
      }
    } else {
      for (int w = 0; w < bWords; w++) {
        long v = b[w];
        a[word + w] ^= v << s;
        if (word + w + 1 < a.length) {
          a[word + w + 1] ^= v >>> (64 - s);
        }
      }
    }
  }

  /** The square of {@code a} (GF(2) squaring spreads the bits: coefficient k moves to 2k). */
  static long[] square(long[] a, int aWords) {
    long[] out = new long[2 * aWords];
    squareInto(a, aWords, out);
    return out;
  }

  /** The square of {@code a} written over the first {@code 2 * aWords} words of {@code out}. */
  static void squareInto(long[] a, int aWords, long[] out) {
    for (int w = 0; w < aWords; w++) {
      out[2 * w] = spread((int) a[w]);
      out[2 * w + 1] = spread((int) (a[w] >>> 32));
    }
  }

  private static long spread(int half) {
    long x = half & 0xFFFFFFFFL;
    x = (x | (x << 16)) & 0x0000FFFF0000FFFFL;
    x = (x | (x << 8)) & 0x00FF00FF00FF00FFL;
    x = (x | (x << 4)) & 0x0F0F0F0F0F0F0F0FL;
    x = (x | (x << 2)) & 0x3333333333333333L;
    x = (x | (x << 1)) & 0x5555555555555555L;
    return x;
  }

  /** Reduces {@code a} modulo {@code f} (degree {@code d}) in place. */
  static void reduce(long[] a, long[] f, int d) {
    int fWords = BitString.wordsFor(d + 1L);
    for (int w = a.length - 1; w >= 0; w--) {
      while (a[w] != 0) {
        int top = (w << 6) + 63 - Long.numberOfLeadingZeros(a[w]);
        if (top < d) {
          return;
        }
        xorShifted(a, f, fWords, top - d);
      }
    }
  }

  /** The degree of {@code gcd(a, b)}; both arrays are destroyed. */
  static int gcdDegree(long[] a, long[] b) {
    int da = degree(a);
    int db = degree(b);
    while (db >= 0) {
      int bWords = (db >>> 6) + 1;
      while (da >= db) {
        xorShifted(a, b, bWords, da - db);
        da = degreeBelow(a, da);
      }
      long[] t = a;
      a = b;
      b = t;
      int dt = da;
      da = db;
      db = dt;
    }
    return da;
  }

  /** The degree of {@code a}, known to be at most {@code bound}. */
  private static int degreeBelow(long[] a, int bound) {
    for (int w = bound >>> 6; w >= 0; w--) {
      if (a[w] != 0) {
        return (w << 6) + 63 - Long.numberOfLeadingZeros(a[w]);
      }
    }
    return -1;
  }
}
