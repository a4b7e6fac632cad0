package io.qkdchain.toeplitz;

import java.util.Arrays;

/**
 * Ben-Or's irreducibility test: {@code f} of degree {@code d} is irreducible iff {@code gcd(f,
 * x^(2^i) - x) = 1} for every {@code i <= d/2}. It stops at the first small factor, and random
 * polynomials usually have one, which makes it fast in a search where most candidates fail.
 */
final class BenOrTest {

  private BenOrTest() {}

  static boolean isIrreducible(long[] coefficients, int d) {
    if (d == 1) {
      return true;
    }
    if ((coefficients[0] & 1) == 0) {
      return false; // x divides f
    }
    int words = BitString.wordsFor(d + 1L);
    long[] f = Arrays.copyOf(coefficients, words);
    if (Long.bitCount(parityFold(f)) % 2 == 0) {
      return false; // f(1) = 0, so x + 1 divides f
    }
    int uWords = BitString.wordsFor(d);
    long[] u = new long[uWords];
    u[0] = 2; // x (d >= 2 here)
    for (int i = 1; i <= d / 2; i++) {
      long[] square = Gf2.square(u, uWords);
      Gf2.reduce(square, f, d);
      u = Arrays.copyOf(square, uWords);
      long[] difference = Arrays.copyOf(u, words);
      difference[0] ^= 2;
      if (Gf2.gcdDegree(f.clone(), difference) != 0) {
        return false;
      }
    }
    return true;
  }

  private static long parityFold(long[] f) {
    long x = 0;
    for (long w : f) {
      x ^= w;
    }
    return x;
  }
}
