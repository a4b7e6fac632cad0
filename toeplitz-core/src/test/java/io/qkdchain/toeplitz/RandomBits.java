package io.qkdchain.toeplitz;

import java.util.Random;

/** Seeded random inputs; shapes favour word and byte boundaries, where packed code breaks. */
final class RandomBits {

  private static final int[] EDGES = {0, 1, 7, 8, 9, 63, 64, 65, 127, 128, 129, 255, 256, 257};

  private final Random random;

  RandomBits(long seed) {
    this.random = new Random(seed);
  }

  BitString bits(int length) {
    byte[] bytes = new byte[(length + 7) / 8];
    random.nextBytes(bytes);
    return BitString.fromBytes(bytes).slice(0, length);
  }

  byte[] bytes(int count) {
    byte[] bytes = new byte[count];
    random.nextBytes(bytes);
    return bytes;
  }

  /** A length in {@code [min, max]}: often near a multiple of 64, often small, else uniform. */
  int length(int min, int max) {
    int pick =
        switch (random.nextInt(4)) {
          case 0 -> 64 * random.nextInt(max / 64 + 1) + EDGES[random.nextInt(3)] - 1;
          case 1 -> EDGES[random.nextInt(EDGES.length)];
          case 2 -> (int) Math.exp(random.nextDouble() * Math.log(max + 1.0));
          default -> random.nextInt(max + 1);
        };
    return Math.max(min, Math.min(max, pick));
  }

  int nextInt(int bound) {
    return random.nextInt(bound);
  }
}
