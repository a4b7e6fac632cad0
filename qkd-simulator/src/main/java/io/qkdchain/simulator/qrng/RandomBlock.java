package io.qkdchain.simulator.qrng;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The block types of the Quantum Blockchains API and how each is drawn. Integers are uniform on the
 * closed range [min, max] without modulo bias (the JDK's bounded draws reject); {@code double} is
 * uniform on [min, max).
 */
enum RandomBlock {
  SHORT(Short.MIN_VALUE, Short.MAX_VALUE, 2),
  LONG(Integer.MIN_VALUE, Integer.MAX_VALUE, 4),
  DOUBLE(0, 1, 8),
  HEX(0, 0, 0),
  BIN(0, 0, 0);

  static final int MAX_LENGTH = 1024;
  private static final Map<String, RandomBlock> BY_PATH =
      Map.of("short", SHORT, "long", LONG, "double", DOUBLE, "hex", HEX, "bin", BIN);

  private final long lowest;
  private final long highest;
  private final int bytesPerNumber;

  RandomBlock(long lowest, long highest, int bytesPerNumber) {
    this.lowest = lowest;
    this.highest = highest;
    this.bytesPerNumber = bytesPerNumber;
  }

  static RandomBlock fromPath(String name) {
    RandomBlock block = BY_PATH.get(name);
    if (block == null) {
      throw new IllegalArgumentException(
          "unknown block type '" + name + "': expected short, long, double, hex or bin");
    }
    return block;
  }

  /** The parameters of one call, already parsed; absent ones are null. */
  record Request(int size, Double min, Double max, Integer length) {}

  /** The drawn values and how many random bytes they consumed. */
  record Drawn(List<?> values, long bytesRead) {}

  Drawn draw(Request request, SecureRandom random) {
    return switch (this) {
      case SHORT, LONG -> drawIntegers(request, random);
      case DOUBLE -> drawDoubles(request, random);
      case HEX, BIN -> drawStrings(request, random);
    };
  }

  private Drawn drawIntegers(Request request, SecureRandom random) {
    long min = request.min() == null ? 0 : wholeNumber("min", request.min());
    long max = request.max() == null ? highest : wholeNumber("max", request.max());
    if (min < lowest || max > highest || min > max) {
      throw new IllegalArgumentException(
          "min and max must satisfy "
              + lowest
              + " <= min <= max <= "
              + highest
              + " for "
              + name().toLowerCase()
              + ", got min="
              + min
              + ", max="
              + max);
    }
    List<Long> values = new ArrayList<>(request.size());
    for (int i = 0; i < request.size(); i++) {
      values.add(random.nextLong(min, max + 1));
    }
    return new Drawn(values, (long) request.size() * bytesPerNumber);
  }

  private Drawn drawDoubles(Request request, SecureRandom random) {
    double min = request.min() == null ? 0 : request.min();
    double max = request.max() == null ? 1 : request.max();
    if (!(min < max) || Double.isInfinite(max - min)) {
      throw new IllegalArgumentException(
          "min must be below max for double, got min=" + min + ", max=" + max);
    }
    List<Double> values = new ArrayList<>(request.size());
    for (int i = 0; i < request.size(); i++) {
      values.add(random.nextDouble(min, max));
    }
    return new Drawn(values, (long) request.size() * bytesPerNumber);
  }

  private Drawn drawStrings(Request request, SecureRandom random) {
    int length = request.length() == null ? 8 : request.length();
    if (length < 1 || length > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "length must lie in [1, " + MAX_LENGTH + "] characters, got " + length);
    }
    int bitsPerChar = this == HEX ? 4 : 1;
    int bytes = (length * bitsPerChar + 7) / 8;
    List<String> values = new ArrayList<>(request.size());
    byte[] buffer = new byte[bytes];
    for (int i = 0; i < request.size(); i++) {
      random.nextBytes(buffer);
      values.add(format(buffer).substring(0, length));
    }
    return new Drawn(values, (long) request.size() * bytes);
  }

  private String format(byte[] bytes) {
    if (this == HEX) {
      return HexFormat.of().formatHex(bytes);
    }
    StringBuilder bits = new StringBuilder(bytes.length * 8);
    for (byte b : bytes) {
      for (int bit = 7; bit >= 0; bit--) {
        bits.append((b >> bit) & 1);
      }
    }
    return bits.toString();
  }

  private static long wholeNumber(String name, double value) {
    if (value != Math.rint(value) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be a whole number, got " + value);
    }
    return (long) value;
  }
}
