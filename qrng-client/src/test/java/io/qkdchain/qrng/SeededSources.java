package io.qkdchain.qrng;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/** Deterministic sources, so statistical tests give the same verdict on every run. */
final class SeededSources {

  private SeededSources() {}

  static SecureRandomSource seeded(long seed) {
    return new SecureRandomSource(seededSecureRandom(seed));
  }

  static SecureRandom seededSecureRandom(long seed) {
    try {
      // SHA1PRNG seeded before its first use is fully determined by the seed.
      SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
      random.setSeed(seed);
      return random;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA1PRNG is part of every JDK", e);
    }
  }

  static double chiSquare(Iterable<Integer> observed, double expected) {
    double sum = 0;
    for (int count : observed) {
      double deviation = count - expected;
      sum += deviation * deviation / expected;
    }
    return sum;
  }
}
