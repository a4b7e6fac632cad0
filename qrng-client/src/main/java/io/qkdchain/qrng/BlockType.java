package io.qkdchain.qrng;

import java.util.Locale;

/**
 * The QRNG block types that carry raw uniform bits. The API's {@code long} and {@code double}
 * blocks are left out: their value ranges are not documented well enough to turn into unbiased
 * bits.
 */
public enum BlockType {
  /** Integers in [0, 65535]: 16 bits each. */
  SHORT("short"),
  /** Hexadecimal strings: 4 bits per digit. */
  HEX("hex"),
  /** Strings of '0' and '1': 1 bit per character. */
  BIN("bin");

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
      case SHORT -> "/qbck/block/short?size=" + size + "&min=0&max=65535";
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
