package io.qkdchain.toeplitz;

import java.util.Objects;

/**
 * The matrix part of an lfsr round key: an irreducible {@code p(x) = x^t + c_{t-1}x^{t-1} + ... +
 * c_0} and a non-zero initial state {@code a_0 .. a_{t-1}}.
 */
public record LfsrKey(Gf2Polynomial polynomial, BitString initialState) {

  public LfsrKey {
    Objects.requireNonNull(polynomial, "polynomial");
    Objects.requireNonNull(initialState, "initialState");
    if (polynomial.degree() != initialState.length()) {
      throw new IllegalArgumentException(
          "a degree-"
              + polynomial.degree()
              + " polynomial needs a "
              + polynomial.degree()
              + "-bit state, got "
              + initialState.length()
              + " bits");
    }
    if (initialState.isAllZero()) {
      throw new IllegalArgumentException("the lfsr initial state must not be all zero");
    }
  }

  public int tagBits() {
    return initialState.length();
  }

  /**
   * The deterministic derivation of docs/toeplitz.md from {@code 2t} round-key bits: bits {@code
   * [0, t)} are a candidate {@code C} with {@code c_0} forced to 1, stepped by {@code C = (C + 2)
   * mod 2^t} until {@code x^t + C} is irreducible; bits {@code [t, 2t)} are the state, with {@code
   * a_0 = 1} if they are all zero.
   */
  public static LfsrKey derive(int tagBits, BitString bits) {
    ToeplitzFamily.LFSR.validateTagBits(tagBits);
    if (bits.length() != 2 * tagBits) {
      throw new IllegalArgumentException(
          "an lfsr key for "
              + tagBits
              + "-bit tags is derived from "
              + 2 * tagBits
              + " bits, got "
              + bits.length());
    }
    BitString state = bits.slice(tagBits, 2 * tagBits);
    if (state.isAllZero()) {
      state = BitString.fromBinaryString("1").concat(state.slice(1, tagBits));
    }
    return new LfsrKey(firstIrreducibleFrom(bits.slice(0, tagBits)), state);
  }

  private static Gf2Polynomial firstIrreducibleFrom(BitString candidate) {
    int t = candidate.length();
    long[] c = candidate.words().clone();
    c[0] |= 1;
    // Below the sieve's reach a small irreducible may be the candidate itself, not a factor.
    SmallFactorSieve sieve = t > SmallFactorSieve.MAX_DEGREE ? new SmallFactorSieve(t) : null;
    RabinTest rabin = sieve == null ? null : new RabinTest(t);
    long[] monic = new long[BitString.wordsFor(t + 1L)];
    while (true) {
      System.arraycopy(c, 0, monic, 0, c.length);
      monic[t >>> 6] |= 1L << t;
      boolean irreducible =
          sieve == null
              ? BenOrTest.isIrreducible(monic, t)
              : !sieve.hasSmallFactor(monic) && rabin.test(monic);
      if (irreducible) {
        return Gf2Polynomial.monic(BitString.wrap(c.clone(), t));
      }
      addTwo(c, t);
    }
  }

  /** {@code c = (c + 2) mod 2^t}, with {@code c} as a little-endian integer. */
  private static void addTwo(long[] c, int t) {
    long carry = 2;
    for (int w = 0; w < c.length && carry != 0; w++) {
      long sum = c[w] + carry;
      carry = Long.compareUnsigned(sum, c[w]) < 0 ? 1 : 0;
      c[w] = sum;
    }
    Bits.clearTail(c, t);
  }
}
