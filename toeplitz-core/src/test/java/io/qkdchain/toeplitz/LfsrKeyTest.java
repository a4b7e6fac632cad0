package io.qkdchain.toeplitz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LfsrKeyTest {

  @Test
  void the_search_steps_the_candidate_by_two_until_it_is_irreducible() {
    // t = 8: candidate 0 becomes 1 (c_0 forced), x^8 + 1 is reducible, then 3, 5, ... The first
    // irreducible x^8 + C with C odd, by value, is C = 0x1B (x^8 + x^4 + x^3 + x + 1).
    LfsrKey key = LfsrKey.derive(8, BitString.fromBinaryString("00000000" + "10000000"));

    assertThat(key.polynomial().lowCoefficients())
        .isEqualTo(BitString.fromBinaryString("11011000"));
    for (long c = 1; c < 0x1B; c += 2) {
      assertThat(BitByBitToeplitz.isIrreducible(0x100 | c)).as("C = 0x%x", c).isFalse();
    }
  }

  @Test
  void an_all_zero_state_gets_a0_set() {
    LfsrKey key = LfsrKey.derive(16, BitString.fromHex("00000000"));

    assertThat(key.initialState().toBinaryString()).isEqualTo("1" + "0".repeat(15));
  }

  @Test
  void the_key_bits_must_be_exactly_2t() {
    assertThatThrownBy(() -> LfsrKey.derive(16, BitString.fromHex("000000")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 bits, got 24");
  }

  @Test
  void a_state_of_the_wrong_length_or_all_zero_is_refused() {
    Gf2Polynomial p = Gf2Polynomial.fromCoefficients(BitString.fromBinaryString("110110001"));

    assertThatThrownBy(() -> new LfsrKey(p, BitString.fromHex("0001")))
        .hasMessageContaining("8-bit state");
    assertThatThrownBy(() -> new LfsrKey(p, BitString.fromHex("00")))
        .hasMessageContaining("all zero");
  }
}
