package io.qkdchain.toeplitz;

import java.util.Objects;

/**
 * The round-key layout of docs/toeplitz.md: what {@code K} bits of QKD key become.
 *
 * <ul>
 *   <li>{@code full}: bits {@code [0, n+t-1)} are the seed, the next {@code t} the pad.
 *   <li>{@code lfsr}: bits {@code [0, 2t)} derive the {@link LfsrKey}, {@code [2t, 3t)} the pad.
 * </ul>
 *
 * Bits past {@code K} are ignored, so a QKD key rounded up to the KME's key size can be passed
 * whole.
 */
public final class RoundKey {

  private RoundKey() {}

  /** The single-use MAC for one {@code messageBits}-bit message under these key bits. */
  public static ToeplitzMac of(
      ToeplitzFamily family, int tagBits, long messageBits, BitString keyBits) {
    Objects.requireNonNull(family, "family");
    Objects.requireNonNull(keyBits, "keyBits");
    int needed = family.roundKeyBits(tagBits, messageBits);
    if (keyBits.length() < needed) {
      throw new IllegalArgumentException(
          "round key too short: the "
              + family.wireName()
              + " family with "
              + tagBits
              + "-bit tags and a "
              + messageBits
              + "-bit message needs "
              + needed
              + " bits, got "
              + keyBits.length());
    }
    return switch (family) {
      case FULL -> {
        int seedBits = (int) (messageBits + tagBits - 1);
        yield new ToeplitzMac(
            FullToeplitzHash.fromSeed(tagBits, keyBits.slice(0, seedBits)),
            OneTimePad.of(keyBits.slice(seedBits, seedBits + tagBits)),
            messageBits);
      }
      case LFSR -> LfsrRoundKey.derive(tagBits, keyBits).mac(messageBits);
    };
  }

  public static ToeplitzMac of(
      ToeplitzFamily family, int tagBits, long messageBits, byte[] keyBytes) {
    return of(family, tagBits, messageBits, BitString.fromBytes(keyBytes));
  }
}
