package io.qkdchain.toeplitz.cli;

import io.qkdchain.toeplitz.BitString;
import io.qkdchain.toeplitz.HashedSignature;
import io.qkdchain.toeplitz.LfsrKey;
import io.qkdchain.toeplitz.RoundKey;
import io.qkdchain.toeplitz.ToeplitzFamily;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * {@code scripts/toeplitz}: computes tags for checking interoperability with another implementation
 * or a device vendor's.
 *
 * <pre>
 * tag --family full|lfsr --tag-bits T --round-key-hex HEX
 *     (--message-hex HEX | --message-utf8 TEXT | --message-file PATH) [--peer-id ID]
 * lfsr-polynomial --tag-bits T --round-key-hex HEX
 * </pre>
 *
 * {@code tag} prints the tag as T characters 0/1 and, with --peer-id, the hashed signature on a
 * second line; {@code lfsr-polynomial} prints the derived c_0 .. c_{t-1}. Bad input: one line on
 * stderr, exit status 2.
 */
public final class ToeplitzCli {

  static final String USAGE =
      "usage: toeplitz tag --family full|lfsr --tag-bits T --round-key-hex HEX"
          + " (--message-hex HEX | --message-utf8 TEXT | --message-file PATH) [--peer-id ID]"
          + " | toeplitz lfsr-polynomial --tag-bits T --round-key-hex HEX";

  private static final List<String> MESSAGE_OPTIONS =
      List.of("--message-hex", "--message-utf8", "--message-file");

  private static final Set<String> OPTIONS =
      Set.of(
          "--family",
          "--tag-bits",
          "--round-key-hex",
          "--message-hex",
          "--message-utf8",
          "--message-file",
          "--peer-id");

  private final PrintStream out;
  private final PrintStream err;

  ToeplitzCli(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(new ToeplitzCli(System.out, System.err).run(args));
  }

  /** Runs one command; returns the exit status. */
  int run(String... args) {
    if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
      out.println(USAGE);
      return 0;
    }
    try {
      CliArguments arguments = CliArguments.parse(args, OPTIONS);
      switch (arguments.command()) {
        case "tag" -> tag(arguments);
        case "lfsr-polynomial" -> lfsrPolynomial(arguments);
        default -> throw new CliException("unknown command '" + arguments.command() + "'");
      }
      out.flush();
      return 0;
    } catch (CliException | IllegalArgumentException e) {
      err.println("toeplitz: " + e.getMessage());
      return 2;
    }
  }

  private void tag(CliArguments arguments) {
    ToeplitzFamily family = ToeplitzFamily.fromWireName(arguments.required("--family"));
    int tagBits = arguments.integer("--tag-bits");
    BitString roundKey = hexBits("--round-key-hex", arguments.required("--round-key-hex"));
    byte[] message = message(arguments);

    BitString tag = RoundKey.of(family, tagBits, 8L * message.length, roundKey).tag(message);

    out.println(tag.toBinaryString());
    arguments
        .optional("--peer-id")
        .ifPresent(peerId -> out.println(HashedSignature.of(tag, peerId).hex()));
  }

  private void lfsrPolynomial(CliArguments arguments) {
    for (String option : arguments.options().keySet()) {
      if (!option.equals("--tag-bits") && !option.equals("--round-key-hex")) {
        throw new CliException("lfsr-polynomial takes no option " + option);
      }
    }
    int tagBits = arguments.integer("--tag-bits");
    BitString roundKey = hexBits("--round-key-hex", arguments.required("--round-key-hex"));
    int needed = ToeplitzFamily.LFSR.roundKeyBits(tagBits, 0);
    if (roundKey.length() < needed) {
      throw new CliException(
          "round key too short: " + needed + " bits needed, got " + roundKey.length());
    }
    LfsrKey key = LfsrKey.derive(tagBits, roundKey.slice(0, 2 * tagBits));
    out.println(key.polynomial().lowCoefficients().toBinaryString());
  }

  private static byte[] message(CliArguments arguments) {
    String option = arguments.exactlyOneOf(MESSAGE_OPTIONS);
    String value = arguments.required(option);
    return switch (option) {
      case "--message-hex" -> hexBytes(option, value);
      case "--message-utf8" -> value.getBytes(StandardCharsets.UTF_8);
      default -> readFile(value);
    };
  }

  private static BitString hexBits(String option, String hex) {
    return BitString.fromBytes(hexBytes(option, hex));
  }

  private static byte[] hexBytes(String option, String hex) {
    if (hex.length() % 2 != 0) {
      throw new CliException(option + " must be whole bytes (an even number of hex digits)");
    }
    try {
      return HexFormat.of().parseHex(hex);
    } catch (IllegalArgumentException e) {
      throw new CliException(option + " is not hex: " + e.getMessage());
    }
  }

  private static byte[] readFile(String path) {
    try {
      return Files.readAllBytes(Path.of(path));
    } catch (IOException | RuntimeException e) {
      throw new CliException("cannot read message file " + path + ": " + e);
    }
  }
}
