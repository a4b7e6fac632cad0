package io.qkdchain.toeplitz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RoundKeyTest {

  private final RandomBits random = new RandomBits(5);

  @Test
  void round_key_sizes_follow_the_layout() {
    assertThat(ToeplitzFamily.FULL.roundKeyBits(8, 8)).isEqualTo(24); // 8 + 16 - 1 = 23, to 24
    assertThat(ToeplitzFamily.FULL.roundKeyBits(35, 35)).isEqualTo(104); // the seed's 69 + 35
    assertThat(ToeplitzFamily.LFSR.roundKeyBits(256, 1)).isEqualTo(768);
    assertThat(ToeplitzFamily.LFSR.roundKeyBits(256, 80_000_000)).isEqualTo(768);
  }

  @Test
  void the_tag_is_the_hash_masked_by_the_pad_bits_that_follow_the_matrix_bits() {
    byte[] message = "block 7".getBytes(StandardCharsets.UTF_8);
    long n = 8L * message.length;
    BitString key = random.bits(ToeplitzFamily.FULL.roundKeyBits(32, n));

    ToeplitzMac mac = RoundKey.of(ToeplitzFamily.FULL, 32, n, key);

    BitString pad = key.slice((int) n + 31, (int) n + 63);
    assertThat(mac.tag(message)).isEqualTo(mac.hash().hash(message).xor(pad));
  }

  @Test
  void a_second_use_of_a_round_key_is_an_error() {
    byte[] message = new byte[16];
    ToeplitzMac mac = RoundKey.of(ToeplitzFamily.LFSR, 64, 128, random.bits(192));
    mac.tag(message);

    assertThatThrownBy(() -> mac.tag(message)).isInstanceOf(PadReuseException.class);
    assertThatThrownBy(() -> mac.tag(BitString.fromBytes(message)))
        .isInstanceOf(PadReuseException.class);
  }

  @Test
  void an_lfsr_key_derived_before_the_message_gives_the_tag_of_one_built_with_it() {
    byte[] message = "block 8, derived ahead".getBytes(StandardCharsets.UTF_8);
    BitString key = random.bits(ToeplitzFamily.LFSR.roundKeyBits(64, 8));

    BitString ahead = LfsrRoundKey.derive(64, key).mac(8L * message.length).tag(message);

    assertThat(ahead)
        .isEqualTo(RoundKey.of(ToeplitzFamily.LFSR, 64, 8L * message.length, key).tag(message));
  }

  @Test
  void an_lfsr_key_derived_ahead_masks_one_tag_whatever_the_message_lengths() {
    LfsrRoundKey key = LfsrRoundKey.derive(64, random.bits(192));
    key.mac(128).tag(new byte[16]);

    assertThatThrownBy(() -> key.mac(256).tag(new byte[32])).isInstanceOf(PadReuseException.class);
    assertThatThrownBy(() -> LfsrRoundKey.derive(64, random.bits(191)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("192");
  }

  @Test
  void a_second_use_of_a_pad_is_an_error_even_for_another_hash() {
    OneTimePad pad = OneTimePad.of(BitString.fromHex("ff"));

    assertThat(pad.mask(BitString.fromHex("0f"))).isEqualTo(BitString.fromHex("f0"));
    assertThat(pad.isUsed()).isTrue();
    assertThatThrownBy(() -> pad.mask(BitString.fromHex("00")))
        .isInstanceOf(PadReuseException.class)
        .hasMessageContaining("one message only");
  }

  @Test
  void a_message_of_the_wrong_length_is_refused_without_spending_the_pad() {
    ToeplitzMac mac = RoundKey.of(ToeplitzFamily.FULL, 16, 24, random.bits(64));

    assertThatThrownBy(() -> mac.tag(new byte[4]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("24-bit message, got 32 bits");
    assertThat(mac.tag(new byte[3]).length()).isEqualTo(16);
  }

  @Test
  void a_round_key_too_short_is_refused_naming_both_sizes() {
    assertThatThrownBy(() -> RoundKey.of(ToeplitzFamily.LFSR, 256, 1024, random.bits(767)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("round key too short")
        .hasMessageContaining("768")
        .hasMessageContaining("767");
  }

  @Test
  void bits_past_the_layout_are_ignored() {
    byte[] message = {42};
    BitString exact = random.bits(ToeplitzFamily.LFSR.roundKeyBits(32, 8));
    BitString longer = exact.concat(random.bits(160));

    assertThat(RoundKey.of(ToeplitzFamily.LFSR, 32, 8, longer).tag(message))
        .isEqualTo(RoundKey.of(ToeplitzFamily.LFSR, 32, 8, exact).tag(message));
  }

  @Test
  void lfsr_tags_must_be_whole_bytes() {
    assertThatThrownBy(() -> ToeplitzFamily.LFSR.roundKeyBits(100, 8))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("multiple of 8 bits, got 100");
  }

  @Test
  void tag_lengths_out_of_range_are_refused() {
    assertThatThrownBy(() -> ToeplitzFamily.FULL.roundKeyBits(0, 8)).hasMessageContaining("got 0");
    assertThatThrownBy(() -> ToeplitzFamily.FULL.roundKeyBits(5000, 8))
        .hasMessageContaining("between 1 and 4096");
    assertThatThrownBy(() -> ToeplitzFamily.FULL.roundKeyBits(8, -1))
        .hasMessageContaining("negative");
  }

  @Test
  void families_are_named_as_on_the_wire() {
    assertThat(ToeplitzFamily.fromWireName("lfsr")).isEqualTo(ToeplitzFamily.LFSR);
    assertThat(ToeplitzFamily.fromWireName("FULL")).isEqualTo(ToeplitzFamily.FULL);
    assertThatThrownBy(() -> ToeplitzFamily.fromWireName("square"))
        .hasMessageContaining("unknown Toeplitz family 'square'");
  }

  @Test
  void the_seed_example_shape_n_equals_t_equals_35_is_the_square_construction() {
    BitString seed = random.bits(69);
    BitString message = random.bits(35);

    assertThat(FullToeplitzHash.fromSeed(35, seed).hash(message))
        .isEqualTo(BitByBitToeplitz.fullHash(seed, message, 35));
  }
}
