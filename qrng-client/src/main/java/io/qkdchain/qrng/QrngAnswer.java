package io.qkdchain.qrng;

import io.qkdchain.qrng.QrngUnavailableException.Reason;
import java.io.ByteArrayOutputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the QRNG's JSON answer into raw entropy bytes. The body's {@code status} is the truth: the
 * service reports errors such as a wrong key inside an HTTP 200 answer.
 */
final class QrngAnswer {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private QrngAnswer() {}

  static byte[] entropy(String body, BlockType type) {
    JsonNode root = parse(body);
    rejectReportedError(root);
    JsonNode result = root.path("data").path("result");
    if (!result.isArray() || result.isEmpty()) {
      throw malformed("the answer has no data.result array, or it is empty");
    }
    BitPacker packer = new BitPacker();
    for (JsonNode entry : result) {
      switch (type) {
        case SHORT -> packer.add(shortValue(entry), BlockType.SHORT_BITS);
        case HEX -> digits(entry, 16, 4, packer);
        case BIN -> digits(entry, 2, 1, packer);
      }
    }
    byte[] bytes = packer.bytes();
    if (bytes.length == 0) {
      throw malformed("the answer's data.result holds less than one byte of entropy");
    }
    return bytes;
  }

  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      throw malformed("the answer is empty");
    }
    try {
      JsonNode root = JSON.readTree(body);
      if (!root.isObject()) {
        throw malformed("the answer is not a JSON object");
      }
      return root;
    } catch (JacksonException e) {
      throw malformed("the answer is not valid JSON");
    }
  }

  private static void rejectReportedError(JsonNode root) {
    String status = text(root.path("status"));
    String error = text(root.path("error"));
    if (!(status.isEmpty() || status.equals("200")) || !error.isEmpty()) {
      throw new QrngUnavailableException(
          Reason.API_ERROR,
          "QRNG reported an error: status '"
              + status
              + "', error '"
              + error
              + "', message '"
              + text(root.path("message"))
              + "'");
    }
  }

  private static String text(JsonNode node) {
    return node.isValueNode() && !node.isNull() ? node.asString().trim() : "";
  }

  private static int shortValue(JsonNode entry) {
    if (!entry.isIntegralNumber() || !entry.canConvertToInt()) {
      throw malformed("a short block entry is not an integer");
    }
    int value = entry.intValue();
    if (value < 0 || value > BlockType.SHORT_MAX) {
      throw malformed(
          "a short block entry is outside the requested [0, "
              + BlockType.SHORT_MAX
              + "]: "
              + value);
    }
    return value;
  }

  private static void digits(JsonNode entry, int radix, int bitsPerDigit, BitPacker packer) {
    if (!entry.isString()) {
      throw malformed("a block entry is not a string");
    }
    for (char c : entry.stringValue().toCharArray()) {
      int digit = Character.digit(c, radix);
      if (digit < 0) {
        throw malformed("a block entry holds a character that is not a base-" + radix + " digit");
      }
      packer.add(digit, bitsPerDigit);
    }
  }

  private static QrngUnavailableException malformed(String why) {
    return new QrngUnavailableException(Reason.MALFORMED_ANSWER, "QRNG answer rejected: " + why);
  }

  /** Packs values of a few bits each into bytes; a trailing partial byte is dropped. */
  private static final class BitPacker {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int pending;
    private int pendingBits;

    void add(int value, int bits) {
      pending = (pending << bits) | value;
      pendingBits += bits;
      while (pendingBits >= 8) {
        pendingBits -= 8;
        out.write(pending >>> pendingBits);
        pending &= (1 << pendingBits) - 1;
      }
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }
}
