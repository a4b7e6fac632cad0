package io.qkdchain.toeplitz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SharedVectorsTest {

  /** From the module directory, where Maven runs the tests; shared/ sits beside the repository. */
  private static final Path SHARED_VECTORS = Path.of("../../shared/vectors/toeplitz.json");

  static Stream<ToeplitzVectors.Case> cases() {
    return ToeplitzVectors.load().cases().stream();
  }

  static Stream<ToeplitzVectors.Case> lfsrCases() {
    return cases().filter(c -> c.family() == ToeplitzFamily.LFSR);
  }

  @Test
  void the_copied_vectors_equal_the_shared_file_when_it_is_present() throws IOException {
    assumeTrue(Files.exists(SHARED_VECTORS), "no shared/ beside the repository");
    try (InputStream copy = getClass().getResourceAsStream(ToeplitzVectors.RESOURCE)) {
      assertThat(copy.readAllBytes()).isEqualTo(Files.readAllBytes(SHARED_VECTORS));
    }
  }

  @Test
  void the_vectors_cover_both_families() {
    assertThat(cases().map(ToeplitzVectors.Case::family)).contains(ToeplitzFamily.values());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void every_vector_gives_its_expected_tag_and_hashed_signature(ToeplitzVectors.Case c) {
    BitString key = BitString.fromHex(c.roundKeyHex());
    assertThat(key.length())
        .isEqualTo(c.family().roundKeyBits(c.tagBits(), 8L * c.message().length));

    BitString tag =
        RoundKey.of(c.family(), c.tagBits(), 8L * c.message().length, key).tag(c.message());

    assertThat(tag.toBinaryString()).isEqualTo(c.expectedTag());
    assertThat(HashedSignature.of(tag, c.peerId()).hex()).isEqualTo(c.expectedHashedSignature());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void the_bit_string_path_agrees_with_the_byte_path(ToeplitzVectors.Case c) {
    BitString key = BitString.fromHex(c.roundKeyHex());
    BitString message = BitString.fromBytes(c.message());

    BitString tag = RoundKey.of(c.family(), c.tagBits(), message.length(), key).tag(message);

    assertThat(tag.toBinaryString()).isEqualTo(c.expectedTag());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lfsrCases")
  void every_lfsr_vector_derives_its_expected_polynomial(ToeplitzVectors.Case c) {
    BitString key = BitString.fromHex(c.roundKeyHex());

    LfsrKey derived = LfsrKey.derive(c.tagBits(), key.slice(0, 2 * c.tagBits()));

    assertThat(derived.polynomial().lowCoefficients().toBinaryString())
        .isEqualTo(c.derivedPolynomialLowBits());
    assertThat(derived.polynomial().isIrreducible()).isTrue();
  }
}
