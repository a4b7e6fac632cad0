package io.qkdchain.toeplitz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Trial division of lfsr candidates by every irreducible polynomial of degree 1 to {@link
 * #MAX_DEGREE}, before Rabin's test, as a prime sieve divides by small primes first: most reducible
 * candidates have a small factor, and finding one is far cheaper than Rabin's {@code t} squarings.
 * It only ever proves a candidate reducible, so the search still stops at the same first
 * irreducible polynomial.
 *
 * <p>The small irreducibles are multiplied into products that fit one 64-bit word, smallest degrees
 * first. A candidate has a factor in a product iff their gcd is not 1, a gcd of two words. The
 * candidate's residue modulo a product is the residue of its high words, which the search hardly
 * ever changes (cached), plus its low word.
 */
final class SmallFactorSieve {

  /**
   * Irreducibles up to this degree are tried. Each degree above it would reject a few more
   * candidates, but costs more than the Rabin tests it saves: at t = 256, degree 11 (as before)
   * left 12.6 Rabin tests per key and degree 9 leaves 15.1, while the sieve's cost fell from about
   * 280 to 100 microseconds per key (docs/performance.md, eleventh session).
   */
  static final int MAX_DEGREE = 9;

  private static final long[] PRODUCTS = products();
  private static final int[] PRODUCT_DEGREES =
      Arrays.stream(PRODUCTS).mapToInt(SmallFactorSieve::degree).toArray();

  private final int degree;
  private final long[] highWords;
  private final long[] highResidues = new long[PRODUCTS.length];
  private int residuesKnown;

  /**
   * A sieve for monic candidates of {@code degree}; only useful above {@link #MAX_DEGREE}, where a
   * small factor is a proper one.
   */
  SmallFactorSieve(int degree) {
    if (degree <= MAX_DEGREE) {
      throw new IllegalArgumentException(
          "the sieve needs candidates of degree above " + MAX_DEGREE + ", got " + degree);
    }
    this.degree = degree;
    this.highWords = new long[BitString.wordsFor(degree + 1L)];
  }

  /**
   * Whether the monic polynomial with these packed coefficients ({@code x^degree} included) has an
   * irreducible factor of degree at most {@link #MAX_DEGREE}.
   */
  boolean hasSmallFactor(long[] monic) {
    if (!sameHighWords(monic)) {
      System.arraycopy(monic, 1, highWords, 1, highWords.length - 1);
      residuesKnown = 0;
    }
    long low = monic[0];
    for (int i = 0; i < PRODUCTS.length; i++) {
      if (i == residuesKnown) {
        highResidues[i] = residue(highWords, degree, PRODUCTS[i], PRODUCT_DEGREES[i]);
        residuesKnown++;
      }
      long r = reduce(highResidues[i] ^ low, PRODUCTS[i], PRODUCT_DEGREES[i]);
      if (r == 0 || gcdDegree(PRODUCTS[i], r) > 0) {
        return true;
      }
    }
    return false;
  }

  private boolean sameHighWords(long[] monic) {
    for (int w = 1; w < highWords.length; w++) {
      if (highWords[w] != monic[w]) {
        return false;
      }
    }
    return residuesKnown > 0;
  }

  /** {@code f mod p} for a polynomial of degree {@code d} in words, bit by bit from the top. */
  private static long residue(long[] f, int d, long p, int dp) {
    long r = 0;
    for (int k = d; k >= 0; k--) {
      r = (r << 1) | ((f[k >>> 6] >>> k) & 1);
      if (((r >>> dp) & 1) != 0) {
        r ^= p;
      }
    }
    return r;
  }

  private static long reduce(long a, long p, int dp) {
    for (int da = degree(a); da >= dp; da = degree(a)) {
      a ^= p << (da - dp);
    }
    return a;
  }

  /** The degree of {@code gcd(a, b)} for non-zero one-word polynomials. */
  private static int gcdDegree(long a, long b) {
    int da = degree(a);
    int db = degree(b);
    while (db >= 0) {
      while (da >= db) {
        a ^= b << (da - db);
        da = degree(a);
      }
      long t = a;
      a = b;
      b = t;
      int dt = da;
      da = db;
      db = dt;
    }
    return da;
  }

  private static int degree(long a) {
    return 63 - Long.numberOfLeadingZeros(a);
  }

  /** Carry-less product of two words whose degrees add up to at most 63. */
  private static long multiply(long a, long b) {
    long product = 0;
    for (; b != 0; b &= b - 1) {
      product ^= a << Long.numberOfTrailingZeros(b);
    }
    return product;
  }

  private static long[] products() {
    List<Long> products = new ArrayList<>();
    long product = 1;
    for (long g : irreducibles()) {
      if (degree(product) + degree(g) > 63) {
        products.add(product);
        product = 1;
      }
      product = multiply(product, g);
    }
    products.add(product);
    return products.stream().mapToLong(Long::longValue).toArray();
  }

  /** Every irreducible of degree 1 to {@link #MAX_DEGREE}, by increasing degree. */
  private static List<Long> irreducibles() {
    List<Long> found = new ArrayList<>();
    for (long g = 2; g < 1L << (MAX_DEGREE + 1); g++) {
      if (BenOrTest.isIrreducible(new long[] {g}, degree(g))) {
        found.add(g);
      }
    }
    return found;
  }
}
