package io.qkdchain.toeplitz;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Gf2PolynomialTest {

  @Test
  void ben_or_agrees_with_trial_division_for_every_polynomial_up_to_degree_13() {
    for (long poly = 1; poly < 1L << 14; poly++) {
      Gf2Polynomial p = Gf2Polynomial.fromCoefficients(bits(poly));

      assertThat(p.isIrreducible())
          .as("polynomial 0x%x", poly)
          .isEqualTo(BitByBitToeplitz.isIrreducible(poly));
    }
  }

  @Test
  void known_polynomials_are_classified() {
    // x^8 + x^4 + x^3 + x + 1 (AES) and x^64 + x^4 + x^3 + x + 1 (a standard GF(2^64) modulus).
    assertThat(Gf2Polynomial.fromCoefficients(bits(0x11BL)).isIrreducible()).isTrue();
    assertThat(
            Gf2Polynomial.monic(BitString.fromBinaryString("11011" + "0".repeat(59)))
                .isIrreducible())
        .isTrue();
    // (x^4 + x + 1)^2 and x^64 + 1 = (x + 1)^64.
    assertThat(Gf2Polynomial.fromCoefficients(bits(0x105L)).isIrreducible()).isFalse();
    assertThat(
            Gf2Polynomial.monic(BitString.fromBinaryString("1" + "0".repeat(63))).isIrreducible())
        .isFalse();
  }

  @Test
  void a_square_of_an_irreducible_of_degree_128_is_found_reducible() {
    // (x^128 + x^7 + x^2 + x + 1)^2 = x^256 + x^14 + x^4 + x^2 + 1: no factor of degree below 128.
    long[] low = new long[4];
    low[0] = (1L << 14) | (1L << 4) | (1L << 2) | 1L;
    Gf2Polynomial square = Gf2Polynomial.monic(BitString.wrap(low, 256));

    assertThat(square.isIrreducible()).isFalse();
  }

  @Test
  void monic_polynomials_expose_their_low_coefficients_c0_first() {
    Gf2Polynomial p = Gf2Polynomial.monic(BitString.fromBinaryString("1101"));

    assertThat(p.degree()).isEqualTo(4);
    assertThat(p.coefficient(0)).isTrue();
    assertThat(p.coefficient(1)).isTrue();
    assertThat(p.coefficient(2)).isFalse();
    assertThat(p.coefficient(4)).isTrue();
    assertThat(p.coefficient(5)).isFalse();
    assertThat(p.lowCoefficients().toBinaryString()).isEqualTo("1101");
    assertThat(p).isEqualTo(Gf2Polynomial.fromCoefficients(BitString.fromBinaryString("11011")));
  }

  @Test
  void constants_are_not_irreducible() {
    assertThat(Gf2Polynomial.fromCoefficients(BitString.fromBinaryString("1")).isIrreducible())
        .isFalse();
    assertThat(Gf2Polynomial.fromCoefficients(BitString.empty()).degree()).isEqualTo(-1);
  }

  private static BitString bits(long poly) {
    return BitString.fromBinaryString(
        new StringBuilder(Long.toBinaryString(poly)).reverse().toString());
  }
}
