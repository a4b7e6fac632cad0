package io.qkdchain.toeplitz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The sieve and Rabin's test, which the lfsr search uses, must agree with Ben-Or everywhere. */
class FastIrreducibilityTest {

  @Test
  void rabin_agrees_with_ben_or_on_every_polynomial_up_to_degree_12() {
    for (long poly = 4; poly < 1L << 13; poly++) {
      int degree = 63 - Long.numberOfLeadingZeros(poly);

      assertThat(RabinTest.isIrreducible(new long[] {poly}, degree))
          .as("polynomial 0x%x", poly)
          .isEqualTo(BenOrTest.isIrreducible(new long[] {poly}, degree));
    }
  }

  @Test
  void rabin_and_the_sieve_agree_with_ben_or_on_random_candidates_of_lfsr_degrees() {
    Random random = new Random(11);
    for (int degree : new int[] {16, 56, 64, 65, 120, 128, 129, 193, 200, 255, 256}) {
      SmallFactorSieve sieve = new SmallFactorSieve(degree);
      int irreducible = 0;
      for (int i = 0; i < 600; i++) {
        long[] monic = randomMonic(random, degree);
        boolean benOr = BenOrTest.isIrreducible(monic, degree);
        irreducible += benOr ? 1 : 0;

        assertThat(RabinTest.isIrreducible(monic, degree)).isEqualTo(benOr);
        if (benOr) {
          assertThat(sieve.hasSmallFactor(monic))
              .as("an irreducible has no small factor")
              .isFalse();
        }
      }
      assertThat(irreducible).as("degree %d saw irreducible candidates", degree).isPositive();
    }
  }

  @Test
  void the_sieve_finds_every_small_factor_it_is_built_for() {
    // g (x^(256 - deg g) + x + 1) for every irreducible g the sieve is built for: reducible through
    // g, whatever the cofactor splits into.
    SmallFactorSieve sieve = new SmallFactorSieve(256);
    int factors = 0;
    for (long g = 2; g < 1L << (SmallFactorSieve.MAX_DEGREE + 1); g++) {
      int degree = 63 - Long.numberOfLeadingZeros(g);
      if (BenOrTest.isIrreducible(new long[] {g}, degree)) {
        long[] product = multiply(new long[] {g}, degree, cofactor(256 - degree), 256 - degree);
        assertThat(sieve.hasSmallFactor(product)).as("factor 0x%x", g).isTrue();
        factors++;
      }
    }
    assertThat(factors)
        .as("irreducibles of degree 1 to %d", SmallFactorSieve.MAX_DEGREE)
        .isEqualTo(expectedIrreducibles(SmallFactorSieve.MAX_DEGREE));
  }

  @Test
  void the_sieve_refuses_degrees_where_a_small_factor_could_be_the_candidate_itself() {
    assertThatThrownBy(() -> new SmallFactorSieve(SmallFactorSieve.MAX_DEGREE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("degree above");
  }

  @Test
  void the_lfsr_search_still_stops_at_the_first_irreducible_candidate() {
    Random random = new Random(5);
    for (int i = 0; i < 40; i++) {
      byte[] bytes = new byte[64];
      random.nextBytes(bytes);
      BitString bits = BitString.fromBytes(bytes);
      Gf2Polynomial found = LfsrKey.derive(256, bits).polynomial();

      long[] c = bits.slice(0, 256).words().clone();
      c[0] |= 1;
      while (!Gf2Polynomial.monic(BitString.wrap(c.clone(), 256)).isIrreducible()) {
        c[0] += 2; // a carry out of the low word has probability 2^-55 here
      }
      assertThat(found).isEqualTo(Gf2Polynomial.monic(BitString.wrap(c, 256)));
    }
  }

  private static long[] randomMonic(Random random, int degree) {
    long[] low = new long[BitString.wordsFor(degree)];
    for (int w = 0; w < low.length; w++) {
      low[w] = random.nextLong();
    }
    Bits.clearTail(low, degree);
    long[] words = Arrays.copyOf(low, BitString.wordsFor(degree + 1L));
    words[0] |= 1;
    words[degree >>> 6] |= 1L << degree;
    return words;
  }

  /** {@code x^degree + x + 1}. */
  private static long[] cofactor(int degree) {
    long[] words = new long[BitString.wordsFor(degree + 1L)];
    words[0] = 0b11;
    words[degree >>> 6] |= 1L << degree;
    return words;
  }

  /** Monic irreducibles of degree 1 to {@code max}: {@code (1/n) sum_{k | n} mu(k) 2^(n/k)}. */
  private static int expectedIrreducibles(int max) {
    int total = 0;
    for (int n = 1; n <= max; n++) {
      int sum = 0;
      for (int k = 1; k <= n; k++) {
        if (n % k == 0) {
          sum += mobius(k) * (1 << (n / k));
        }
      }
      total += sum / n;
    }
    return total;
  }

  private static int mobius(int k) {
    int result = 1;
    for (int p = 2; p <= k; p++) {
      if (k % p == 0) {
        k /= p;
        if (k % p == 0) {
          return 0;
        }
        result = -result;
      }
    }
    return result;
  }

  private static long[] multiply(long[] a, int da, long[] b, int db) {
    long[] product = new long[BitString.wordsFor(da + db + 1L)];
    for (int k = 0; k <= da; k++) {
      if (((a[k >>> 6] >>> k) & 1) != 0) {
        Gf2.xorShifted(product, b, BitString.wordsFor(db + 1L), k);
      }
    }
    return product;
  }
}
