package io.qkdchain.toeplitz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BitStringTest {

  @Test
  void bytes_are_read_most_significant_bit_first() {
    BitString bits = BitString.fromBytes(new byte[] {(byte) 0x80, 0x01});

    assertThat(bits.length()).isEqualTo(16);
    assertThat(bits.toBinaryString()).isEqualTo("1000000000000001");
    assertThat(bits.bit(0)).isTrue();
    assertThat(bits.bit(1)).isFalse();
  }

  @Test
  void hex_gives_four_bits_a_digit_most_significant_first() {
    assertThat(BitString.fromHex("a5").toBinaryString()).isEqualTo("10100101");
    assertThat(BitString.fromHex("C").toBinaryString()).isEqualTo("1100");
    assertThat(BitString.fromHex("a5")).isEqualTo(BitString.fromBytes(new byte[] {(byte) 0xa5}));
  }

  @Test
  void conversions_round_trip_across_word_boundaries() {
    RandomBits random = new RandomBits(11);
    for (int length : new int[] {0, 1, 63, 64, 65, 127, 128, 129, 1000}) {
      BitString bits = random.bits(length);

      assertThat(BitString.fromBinaryString(bits.toBinaryString())).isEqualTo(bits);
      if (length % 4 == 0) {
        assertThat(BitString.fromHex(bits.toHex())).isEqualTo(bits);
      }
      if (length % 8 == 0) {
        assertThat(BitString.fromBytes(bits.toBytes())).isEqualTo(bits);
      }
    }
  }

  @Test
  void slices_and_concatenations_keep_the_bits_in_order() {
    BitString bits = BitString.fromBinaryString("1101" + "0".repeat(70) + "1011");

    assertThat(bits.slice(2, 6).toBinaryString()).isEqualTo("0100");
    assertThat(bits.slice(72, 78).toBinaryString()).isEqualTo("001011");
    assertThat(bits.slice(0, 40).concat(bits.slice(40, 78))).isEqualTo(bits);
  }

  @Test
  void xor_is_bitwise_and_needs_equal_lengths() {
    BitString a = BitString.fromBinaryString("1100");
    BitString b = BitString.fromBinaryString("1010");

    assertThat(a.xor(b).toBinaryString()).isEqualTo("0110");
    assertThatThrownBy(() -> a.xor(BitString.fromBinaryString("1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("4-bit")
        .hasMessageContaining("1-bit");
  }

  @Test
  void equality_depends_on_length_as_well_as_bits() {
    assertThat(BitString.fromBinaryString("10")).isNotEqualTo(BitString.fromBinaryString("100"));
    assertThat(BitString.fromBinaryString("10")).isEqualTo(BitString.fromBinaryString("10"));
    assertThat(BitString.fromBinaryString("10").hashCode())
        .isEqualTo(BitString.fromBinaryString("10").hashCode());
  }

  @Test
  void bad_text_is_rejected_with_its_position() {
    assertThatThrownBy(() -> BitString.fromBinaryString("0120"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'2' at index 2");
    assertThatThrownBy(() -> BitString.fromHex("ax"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'x' at index 1");
  }

  @Test
  void lengths_without_a_hex_or_byte_form_are_refused() {
    BitString bits = BitString.fromBinaryString("101");

    assertThatThrownBy(bits::toHex).hasMessageContaining("multiple of 4");
    assertThatThrownBy(bits::toBytes).hasMessageContaining("multiple of 8");
  }

  @Test
  void to_string_never_shows_the_bits_which_may_be_key_material() {
    assertThat(BitString.fromHex("deadbeef").toString()).isEqualTo("BitString[32 bits]");
  }
}
