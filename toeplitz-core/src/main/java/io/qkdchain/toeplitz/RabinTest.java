package io.qkdchain.toeplitz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rabin's irreducibility test: {@code f} of degree {@code d} is irreducible iff {@code x^(2^d) = x
 * mod f} and {@code gcd(f, x^(2^(d/q)) - x) = 1} for every prime {@code q} dividing {@code d}. It
 * costs {@code d} squarings and a gcd or two, where Ben-Or's test costs a gcd of full-size
 * polynomials per squaring; so it is the cheaper test for a candidate that has no small factor
 * (those Ben-Or would find in its first steps). Squarings reduce modulo {@code f} a byte at a time,
 * with a table of {@code b(x) x^d mod f} for every byte {@code b}.
 */
final class RabinTest {

  private final long[] f;
  private final int d;
  private final int words;
  private final long[] table;
  private final long[] scratch;

  private RabinTest(long[] monic, int d) {
    this.d = d;
    this.words = BitString.wordsFor(d);
    this.f = Arrays.copyOf(monic, BitString.wordsFor(d + 1L));
    this.table = byteTable();
    this.scratch = new long[2 * words];
  }

  /** Whether the monic polynomial with these packed coefficients (degree {@code d >= 2}) is. */
  static boolean isIrreducible(long[] monic, int d) {
    if (d < 2) {
      throw new IllegalArgumentException("Rabin's test here needs degree >= 2, got " + d);
    }
    return new RabinTest(monic, d).irreducible();
  }

  private boolean irreducible() {
    List<Integer> checkpoints = new ArrayList<>();
    for (int q : primeDivisors(d)) {
      checkpoints.add(d / q);
    }
    List<long[]> atCheckpoints = new ArrayList<>();
    long[] u = new long[words];
    u[0] = 2; // x
    for (int i = 1; i <= d; i++) {
      squareMod(u);
      if (checkpoints.contains(i)) {
        atCheckpoints.add(u.clone());
      }
    }
    if (!isX(u)) {
      return false;
    }
    for (long[] v : atCheckpoints) {
      long[] difference = Arrays.copyOf(v, f.length);
      difference[0] ^= 2;
      if (Gf2.gcdDegree(f.clone(), difference) != 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean isX(long[] u) {
    if (u[0] != 2) {
      return false;
    }
    for (int w = 1; w < u.length; w++) {
      if (u[w] != 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code u = u^2 mod f}, in place: the square's bits from {@code d} up are folded down a byte at
   * a time.
   */
  private void squareMod(long[] u) {
    long[] a = scratch;
    Gf2.squareInto(u, words, a);
    for (int m = (d - 2) / 8; m >= 0; m--) {
      int pos = d + 8 * m;
      int chunk = takeByte(a, pos);
      if (chunk != 0) {
        xorEntryAt(a, chunk, 8 * m);
      }
    }
    System.arraycopy(a, 0, u, 0, words);
  }

  /** Reads and clears bits {@code [pos, pos + 8)} of {@code a}. */
  private static int takeByte(long[] a, int pos) {
    int w = pos >>> 6;
    int s = pos & 63;
    long bits = a[w] >>> s;
    a[w] &= ~(0xFFL << s);
    if (s > 56 && w + 1 < a.length) {
      bits |= a[w + 1] << (64 - s);
      a[w + 1] &= ~(0xFFL >>> (64 - s));
    }
    return (int) (bits & 0xFF);
  }

  private void xorEntryAt(long[] a, int chunk, int shift) {
    int base = chunk * words;
    int word = shift >>> 6;
    int s = shift & 63;
    for (int w = 0; w < words; w++) {
      long v = table[base + w];
      a[word + w] ^= v << s;
      if (s != 0 && word + w + 1 < a.length) {
        a[word + w + 1] ^= v >>> (64 - s);
      }
    }
  }

  /** Entry {@code b}: {@code b(x) x^d mod f}, {@code words} words each. */
  private long[] byteTable() {
    long[] t = new long[256 * words];
    long[] power = Arrays.copyOf(f, words); // x^d mod f: f without its leading term
    Bits.clearTail(power, d);
    for (int bit = 0; bit < 8; bit++) {
      System.arraycopy(power, 0, t, (1 << bit) * words, words);
      power = timesX(power);
    }
    for (int b = 3; b < 256; b++) {
      int low = b & -b;
      if (low != b) {
        int rest = b ^ low;
        for (int w = 0; w < words; w++) {
          t[b * words + w] = t[rest * words + w] ^ t[low * words + w];
        }
      }
    }
    return t;
  }

  private long[] timesX(long[] p) {
    long[] shifted = new long[words + 1];
    for (int w = 0; w < words; w++) {
      shifted[w] ^= p[w] << 1;
      shifted[w + 1] ^= p[w] >>> 63;
    }
    if (((shifted[d >>> 6] >>> d) & 1) != 0) {
      for (int w = 0; w < f.length; w++) {
        shifted[w] ^= f[w];
      }
    }
    return Arrays.copyOf(shifted, words);
  }

  private static List<Integer> primeDivisors(int n) {
    List<Integer> primes = new ArrayList<>();
    for (int q = 2; q * q <= n; q++) {
      if (n % q == 0) {
        primes.add(q);
        while (n % q == 0) {
          n /= q;
        }
      }
    }
    if (n > 1) {
      primes.add(n);
    }
    return primes;
  }
}
