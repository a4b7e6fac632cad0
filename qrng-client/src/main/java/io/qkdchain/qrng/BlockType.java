package io.qkdchain.qrng;

import java.util.Locale;

/**
 * The QRNG block types that carry raw uniform bits. The API's {@code long} and {@code double}
 * blocks are left out: their value ranges are not documented well enough to turn into unbiased
 * bits.
 */
public enum BlockType {
  /**
   * Integers in [0, 32767]: 15 bits each. The API's {@code short} may be signed or unsigned
   * depending on the server (the bundled simulator takes it as signed), and this range is valid and
   * a whole number of bits under both readings.
   */
  SHORT("short"),
  /** Hexadecimal strings: 4 bits per digit. */
  HEX("hex"),
  /** Strings of '0' and '1': 1 bit per character. */
  BIN("bin");

  static final int SHORT_BITS = 15;
  static final int SHORT_MAX = (1 << SHORT_BITS) - 1;

  private final String pathName;

  BlockType(String pathName) {
    this.pathName = pathName;
  }

  public String pathName() {
    return pathName;
  }

  /** The path and query after the API key, for a block of {@code size} entries. */
  String request(int size, int length) {
    return switch (this) {
      case SHORT -> "/qbck/block/short?size=" + size + "&min=0&max=" + SHORT_MAX;
      case HEX, BIN -> "/qbck/block/" + pathName + "?size=" + size + "&length=" + length;
    };
  }

  public static BlockType fromPathName(String name) {
    String wanted = name.trim().toLowerCase(Locale.ROOT);
    for (BlockType type : values()) {
      if (type.pathName.equals(wanted)) {
        return type;
      }
    }
    throw new IllegalArgumentException(
        "unknown block type '" + name + "', expected 'short', 'hex' or 'bin'");
  }
}
