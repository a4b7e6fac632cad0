package io.qkdchain.toeplitz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ToeplitzCliTest {

  /** Cases 1 and 8 of the shared vectors. */
  private static final String FULL_KEY = "5c02e6";

  private static final String LFSR_KEY = "0b4f442eb021f4bfcc536222";

  record Run(int status, String out, String err) {}

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        new ToeplitzCli(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))
            .run(args);
    return new Run(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void a_full_vector_prints_its_tag_and_hashed_signature() {
    Run run =
        run(
            "tag",
            "--family",
            "full",
            "--tag-bits",
            "8",
            "--round-key-hex",
            FULL_KEY,
            "--message-hex",
            "61",
            "--peer-id",
            "peer-3");

    assertThat(run.status()).isZero();
    assertThat(run.out())
        .isEqualTo("10001001\n02478d6f2c681e7765697eb2b5705a4de14d10a0bfff59fc729797798847dce5\n");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void an_lfsr_vector_given_as_utf8_text_prints_only_the_tag_without_a_peer() {
    Run run =
        run(
            "tag",
            "--family",
            "lfsr",
            "--tag-bits",
            "32",
            "--round-key-hex",
            LFSR_KEY,
            "--message-utf8",
            "a");

    assertThat(run.status()).isZero();
    assertThat(run.out()).isEqualTo("01111100011011010000011000101110\n");
  }

  @Test
  void a_message_file_is_read_as_raw_bytes(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("message.bin");
    Files.write(file, HexFormat.of().parseHex("61"));

    Run run =
        run(
            "tag",
            "--family",
            "lfsr",
            "--tag-bits",
            "32",
            "--round-key-hex",
            LFSR_KEY,
            "--message-file",
            file.toString(),
            "--peer-id",
            "peer-2");

    assertThat(run.out())
        .isEqualTo(
            "01111100011011010000011000101110\n"
                + "9dfed69fe095c5b37009ab608b37b4dfe398a4ef412658046b1bb9e58f0e2b7a\n");
  }

  @Test
  void the_derived_lfsr_polynomial_can_be_printed() {
    Run run = run("lfsr-polynomial", "--tag-bits", "32", "--round-key-hex", LFSR_KEY);

    assertThat(run.status()).isZero();
    assertThat(run.out()).isEqualTo("10001111010011110100010000101110\n");
  }

  @Test
  void help_prints_the_usage_and_succeeds() {
    Run run = run("--help");

    assertThat(run.status()).isZero();
    assertThat(run.out()).startsWith("usage: toeplitz tag");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "sign --family full",
        "tag --family square --tag-bits 8 --round-key-hex 5c02e6 --message-hex 61",
        "tag --tag-bits 8 --round-key-hex 5c02e6 --message-hex 61",
        "tag --family full --tag-bits eight --round-key-hex 5c02e6 --message-hex 61",
        "tag --family full --tag-bits 0 --round-key-hex 5c02e6 --message-hex 61",
        "tag --family lfsr --tag-bits 12 --round-key-hex 5c02e6 --message-hex 61",
        "tag --family full --tag-bits 8 --round-key-hex 5c02 --message-hex 61",
        "tag --family full --tag-bits 8 --round-key-hex 5c02e --message-hex 61",
        "tag --family full --tag-bits 8 --round-key-hex 5c02zz --message-hex 61",
        "tag --family full --tag-bits 8 --round-key-hex 5c02e6",
        "tag --family full --tag-bits 8 --round-key-hex 5c02e6 --message-hex 61 --message-utf8 a",
        "tag --family full --tag-bits 8 --round-key-hex 5c02e6 --message-hex 6",
        "tag --family full --tag-bits 8 --round-key-hex 5c02e6 --message-file /no/such/file",
        "tag --family full --tag-bits 8 --round-key-hex 5c02e6 --message-hex 61 --colour red",
        "tag --family full --family lfsr --tag-bits 8 --round-key-hex 5c02e6 --message-hex 61",
        "tag --family full --tag-bits 8 --round-key-hex 5c02e6 --message-hex",
        "lfsr-polynomial --tag-bits 32 --round-key-hex 0b4f",
        "lfsr-polynomial --family lfsr --tag-bits 32 --round-key-hex 0b4f442eb021f4bfcc536222",
      })
  void bad_input_gives_one_line_on_stderr_nothing_on_stdout_and_status_2(String line) {
    Run run = run(line.isEmpty() ? new String[0] : line.split(" "));

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith("toeplitz: ").endsWith("\n");
    assertThat(run.err().lines()).hasSize(1);
  }

  @Test
  void a_short_round_key_is_explained() {
    Run run =
        run(
            "tag",
            "--family",
            "lfsr",
            "--tag-bits",
            "32",
            "--round-key-hex",
            "0b4f",
            "--message-hex",
            "61");

    assertThat(run.err()).contains("round key too short").contains("96 bits").contains("got 16");
  }
}
