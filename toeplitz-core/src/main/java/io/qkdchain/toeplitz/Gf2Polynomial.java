package io.qkdchain.toeplitz;

import java.util.Arrays;
import java.util.Objects;

/** An immutable polynomial over GF(2); coefficient {@code k} is the coefficient of {@code x^k}. */
public final class Gf2Polynomial {

  private final long[] coefficients;
  private final int degree;

  private Gf2Polynomial(long[] coefficients, int degree) {
    this.coefficients = coefficients;
    this.degree = degree;
  }

  /** {@code x^degree + sum of c_k x^k}, with {@code c_k} = bit {@code k} of {@code low}. */
  public static Gf2Polynomial monic(BitString low) {
    Objects.requireNonNull(low, "low");
    int degree = low.length();
    long[] words = Arrays.copyOf(low.words(), BitString.wordsFor(degree + 1L));
    words[degree >>> 6] |= 1L << degree;
    return new Gf2Polynomial(words, degree);
  }

  /**
   * The polynomial whose coefficient {@code k} is bit {@code k}; the zero polynomial has degree -1.
   */
  public static Gf2Polynomial fromCoefficients(BitString coefficients) {
    long[] words = coefficients.words().clone();
    return new Gf2Polynomial(words, Gf2.degree(words));
  }

  public int degree() {
    return degree;
  }

  public boolean coefficient(int k) {
    if (k < 0) {
      throw new IndexOutOfBoundsException("negative exponent " + k);
    }
    return k <= degree && ((coefficients[k >>> 6] >>> k) & 1) != 0;
  }

  /** Coefficients {@code c_0 .. c_{degree-1}}, {@code c_0} first: the leading 1 left out. */
  public BitString lowCoefficients() {
    return degree <= 0
        ? BitString.empty()
        : BitString.wrap(Bits.extract(coefficients, 0, degree), degree);
  }

  /**
   * Whether this polynomial has no factor of degree between 1 and {@code degree - 1} over GF(2)
   * (Ben-Or's test). Constants are not irreducible.
   */
  public boolean isIrreducible() {
    return degree >= 1 && BenOrTest.isIrreducible(coefficients, degree);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Gf2Polynomial other
        && degree == other.degree
        && Arrays.equals(
            Arrays.copyOf(coefficients, BitString.wordsFor(degree + 1L)),
            Arrays.copyOf(other.coefficients, BitString.wordsFor(degree + 1L)));
  }

  @Override
  public int hashCode() {
    return 31 * degree
        + Arrays.hashCode(Arrays.copyOf(coefficients, BitString.wordsFor(degree + 1L)));
  }

  /** Only the degree: an lfsr polynomial is derived from key material and must not be logged. */
  @Override
  public String toString() {
    return "Gf2Polynomial[degree " + degree + "]";
  }
}
