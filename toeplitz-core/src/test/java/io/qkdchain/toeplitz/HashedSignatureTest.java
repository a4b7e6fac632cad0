package io.qkdchain.toeplitz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HashedSignatureTest {

  @Test
  void it_is_sha256_of_the_tag_bits_a_dash_and_the_peer_id() {
    // sha256("10001001-peer-3"), the first shared vector.
    HashedSignature signature =
        HashedSignature.of(BitString.fromBinaryString("10001001"), "peer-3");

    assertThat(signature.hex())
        .isEqualTo("02478d6f2c681e7765697eb2b5705a4de14d10a0bfff59fc729797798847dce5");
  }

  @Test
  void another_peer_gets_another_signature() {
    BitString tag = BitString.fromBinaryString("10001001");

    assertThat(HashedSignature.of(tag, "peer-1")).isNotEqualTo(HashedSignature.of(tag, "peer-3"));
  }

  @Test
  void only_64_lowercase_hex_characters_are_a_signature() {
    assertThatThrownBy(() -> new HashedSignature("ABC"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("64 lowercase hex");
  }
}
