package io.qkdchain.etsi014;

import java.util.Base64;
import java.util.HexFormat;

/** How a KME writes the {@code key} field. The standard says base64; some proxies send hex. */
public enum KeyEncoding {
  /** Standard base64 (RFC 4648 section 4, with padding), as ETSI GS QKD 014 prescribes. */
  BASE64 {
    @Override
    byte[] decodeStrictly(String text) {
      return Base64.getDecoder().decode(text);
    }
  },
  /** Hexadecimal digits, upper or lower case, two per byte. */
  HEX {
    @Override
    byte[] decodeStrictly(String text) {
      if (text.length() % 2 != 0) {
        throw new IllegalArgumentException();
      }
      return HexFormat.of().parseHex(text);
    }
  };

  abstract byte[] decodeStrictly(String text);

  /**
   * Decodes key text to bytes.
   *
   * @throws IllegalArgumentException if the text is not in this encoding. The JDK decoders quote
   *     the offending character in their messages; that character is key material, so their
   *     exception is dropped rather than chained.
   */
  byte[] decode(String text) {
    try {
      return decodeStrictly(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("key is not valid " + name().toLowerCase());
    }
  }
}
