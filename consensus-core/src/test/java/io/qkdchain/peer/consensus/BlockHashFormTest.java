package io.qkdchain.peer.consensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The one check of a hash's form (64 lowercase hex characters) that blocks and messages share. */
class BlockHashFormTest {

  private static final String HASH = "0123456789abcdef".repeat(4);

  @Test
  void acceptsSixtyFourLowercaseHexCharactersOnly() {
    assertThat(Block.isHash(HASH)).isTrue();
    assertThat(Block.isHash(Block.ZERO_HASH)).isTrue();
    assertThat(Block.isHash(HASH.toUpperCase())).isFalse();
    assertThat(Block.isHash(HASH.substring(1))).isFalse();
    assertThat(Block.isHash(HASH + "0")).isFalse();
    assertThat(Block.isHash(HASH.substring(1) + "g")).isFalse();
    assertThat(Block.isHash(HASH.substring(1) + "/")).isFalse();
    assertThat(Block.isHash(HASH.substring(1) + ":")).isFalse();
    assertThat(Block.isHash("")).isFalse();
    assertThat(Block.isHash(null)).isFalse();
  }

  @Test
  void aBlockAndAGroupSignatureRefuseAMalformedHash() {
    List<Transaction> one = List.of(new Transaction("t", "data"));
    assertThatThrownBy(() -> new Block(1, HASH.toUpperCase(), 0, one))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("64 lowercase hex");
    assertThat(new Block(1, HASH, 0, one).previousBlockHash()).isEqualTo(HASH);
    assertThat(GroupSignature.problem(List.of(HASH, HASH), 2)).isNull();
    assertThat(GroupSignature.problem(List.of(HASH, HASH.substring(2)), 2))
        .contains("64 lowercase hex");
  }
}
