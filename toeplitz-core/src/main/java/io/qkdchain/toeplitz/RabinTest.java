package io.qkdchain.toeplitz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rabin's irreducibility test: {@code f} of degree {@code d} is irreducible iff {@code x^(2^d) = x
 * mod f} and {@code gcd(f, x^(2^(d/q)) - x) = 1} for every prime {@code q} dividing {@code d}. It
 * costs {@code d} squarings and a gcd or two, where Ben-Or's test costs a gcd of full-size
 * polynomials per squaring; so it is the cheaper test for a candidate that has no small factor
 * (those Ben-Or would find in its first steps).
 *
 * <p>A squaring's bits from {@code d} up are folded down 64 at a time: the eight bytes of such a
 * word stand for {@code b_k(x) x^(d + 8k)} times a power {@code x^(64j)}, so with eight tables of
 * {@code b(x) x^(d + 8k) mod f} (one per byte position {@code k}) a word costs eight look-ups,
 * XORed in whole words. One instance tests many candidates of one degree (the lfsr search), reusing
 * its tables (64 KB at {@code d = 256}) and scratch space.
 */
final class RabinTest {

  private static final int TABLES = 8;

  private final int d;
  private final int words;
  private final int chunks;
  private final long[] f;
  private final long[] tables;
  private final long[] square;
  private final long[] u;
  private final long[] fold;
  private final boolean[] checkpoint;
  private final long[][] atCheckpoints;

  /** A test for monic polynomials of degree {@code d >= 2}. */
  RabinTest(int d) {
    if (d < 2) {
      throw new IllegalArgumentException("Rabin's test here needs degree >= 2, got " + d);
    }
    this.d = d;
    this.words = BitString.wordsFor(d);
    this.chunks = (d - 2) / 64 + 1; // the square's bits d .. 2d - 2
    this.f = new long[BitString.wordsFor(d + 1L)];
    this.tables = new long[TABLES * 256 * words];
    this.square = new long[words + chunks + 1];
    this.u = new long[words];
    this.fold = new long[words];
    this.checkpoint = new boolean[d + 1];
    List<Integer> divisors = primeDivisors(d);
    this.atCheckpoints = new long[divisors.size()][];
    for (int q : divisors) {
      checkpoint[d / q] = true;
    }
  }

  /** Whether the monic polynomial with these packed coefficients (degree {@code d >= 2}) is. */
  static boolean isIrreducible(long[] monic, int d) {
    return new RabinTest(d).test(monic);
  }

  /** Whether the monic polynomial of this test's degree with these packed coefficients is. */
  boolean test(long[] monic) {
    System.arraycopy(monic, 0, f, 0, f.length);
    buildTables();
    Arrays.fill(u, 0);
    u[0] = 2; // x
    int saved = 0;
    for (int i = 1; i <= d; i++) {
      squareMod();
      if (checkpoint[i]) {
        atCheckpoints[saved++] = u.clone();
      }
    }
    if (!isX(u)) {
      return false;
    }
    for (int c = 0; c < saved; c++) {
      long[] difference = Arrays.copyOf(atCheckpoints[c], f.length);
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

  /** {@code u = u^2 mod f}, in place, folding the square's high bits a word at a time, top down. */
  private void squareMod() {
    long[] a = square;
    Arrays.fill(a, 2 * words, a.length, 0);
    Gf2.squareInto(u, words, a);
    for (int j = chunks - 1; j >= 0; j--) {
      long chunk = takeWord(a, d + 64 * j);
      if (words == 4) {
        foldFour(a, j, chunk);
      } else {
        foldAny(a, j, chunk);
      }
    }
    System.arraycopy(a, 0, u, 0, words);
  }

  /** {@code a += chunk's fold x^(64j)}: up to eight look-ups of {@code words} words. */
  private void foldAny(long[] a, int j, long chunk) {
    Arrays.fill(fold, 0);
    for (int k = 0; chunk != 0; k++, chunk >>>= 8) {
      int base = ((k << 8) | (int) (chunk & 0xFF)) * words;
      for (int w = 0; w < words; w++) {
        fold[w] ^= tables[base + w];
      }
    }
    for (int w = 0; w < words; w++) {
      a[j + w] ^= fold[w];
    }
  }

  /**
   * {@link #foldAny} unrolled for four words (degrees 193 to 256, so the default 256-bit tag):
   * about half the time of the loop, which the JIT cannot unroll for a field.
   */
  private void foldFour(long[] a, int j, long chunk) {
    long[] t = tables;
    long f0 = 0;
    long f1 = 0;
    long f2 = 0;
    long f3 = 0;
    for (int k = 0; chunk != 0; k++, chunk >>>= 8) {
      int base = ((k << 8) | (int) (chunk & 0xFF)) << 2;
      f0 ^= t[base];
      f1 ^= t[base + 1];
      f2 ^= t[base + 2];
      f3 ^= t[base + 3];
    }
    a[j] ^= f0;
    a[j + 1] ^= f1;
    a[j + 2] ^= f2;
    a[j + 3] ^= f3;
  }

  /** Reads and clears bits {@code [pos, pos + 64)} of {@code a} (zero beyond its end). */
  private static long takeWord(long[] a, int pos) {
    int w = pos >>> 6;
    int s = pos & 63;
    if (s == 0) {
      long bits = a[w];
      a[w] = 0;
      return bits;
    }
    long bits = a[w] >>> s;
    a[w] &= -1L >>> (64 - s);
    if (w + 1 < a.length) {
      bits |= a[w + 1] << (64 - s);
      a[w + 1] &= -1L << s;
    }
    return bits;
  }

  /**
   * Table {@code k}, entry {@code b}: {@code b(x) x^(d + 8k) mod f}, {@code words} words each. The
   * 64 powers {@code x^(d + i) mod f} are stepped by one multiplication by {@code x}; every other
   * entry is the XOR of two built before it.
   */
  private void buildTables() {
    long[] power = Arrays.copyOf(f, words); // x^d mod f: f without its leading term
    Bits.clearTail(power, d);
    for (int i = 0; i < 8 * TABLES; i++) {
      System.arraycopy(power, 0, tables, (((i >>> 3) << 8) | (1 << (i & 7))) * words, words);
      timesX(power);
    }
    for (int k = 0; k < TABLES; k++) {
      int table = (k << 8) * words;
      Arrays.fill(tables, table, table + words, 0);
      for (int b = 3; b < 256; b++) {
        int low = b & -b;
        if (low != b) {
          int entry = table + b * words;
          int rest = table + (b ^ low) * words;
          int single = table + low * words;
          if (words == 4) {
            tables[entry] = tables[rest] ^ tables[single];
            tables[entry + 1] = tables[rest + 1] ^ tables[single + 1];
            tables[entry + 2] = tables[rest + 2] ^ tables[single + 2];
            tables[entry + 3] = tables[rest + 3] ^ tables[single + 3];
            continue;
          }
          for (int w = 0; w < words; w++) {
            tables[entry + w] = tables[rest + w] ^ tables[single + w];
          }
        }
      }
    }
  }

  /** {@code p = p x mod f}, in place, for {@code p} of degree below {@code d}. */
  private void timesX(long[] p) {
    boolean overflow = ((p[(d - 1) >>> 6] >>> ((d - 1) & 63)) & 1) != 0;
    for (int w = words - 1; w > 0; w--) {
      p[w] = (p[w] << 1) | (p[w - 1] >>> 63);
    }
    p[0] <<= 1;
    if (overflow) {
      for (int w = 0; w < words; w++) {
        p[w] ^= f[w];
      }
    }
    Bits.clearTail(p, d);
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
