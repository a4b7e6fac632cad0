package io.qkdchain.toeplitz;

import java.util.Objects;

/**
 * An lfsr round key with its LFSR already derived: the expensive part of an lfsr MAC (finding the
 * irreducible polynomial, docs/toeplitz.md) done before the message is known, since with lfsr the
 * round key's layout does not depend on the message length. Its pad masks one tag, as any round
 * key's: a second {@link ToeplitzMac#tag} from it throws {@link PadReuseException}.
 */
public final class LfsrRoundKey {

  private final LfsrToeplitzHash hash;
  private final OneTimePad pad;

  private LfsrRoundKey(LfsrToeplitzHash hash, OneTimePad pad) {
    this.hash = hash;
    this.pad = pad;
  }

  /** Bits {@code [0, 2t)} derive the LFSR, {@code [2t, 3t)} are the pad; later bits are ignored. */
  public static LfsrRoundKey derive(int tagBits, BitString keyBits) {
    Objects.requireNonNull(keyBits, "keyBits");
    int needed = ToeplitzFamily.LFSR.roundKeyBits(tagBits, 8);
    if (keyBits.length() < needed) {
      throw new IllegalArgumentException(
          "round key too short: the lfsr family with "
              + tagBits
              + "-bit tags needs "
              + needed
              + " bits, got "
              + keyBits.length());
    }
    return new LfsrRoundKey(
        new LfsrToeplitzHash(LfsrKey.derive(tagBits, keyBits.slice(0, 2 * tagBits))),
        OneTimePad.of(keyBits.slice(2 * tagBits, 3 * tagBits)));
  }

  public int tagBits() {
    return hash.tagBits();
  }

  /** The single-use MAC of one {@code messageBits}-bit message under this key. */
  public ToeplitzMac mac(long messageBits) {
    return new ToeplitzMac(hash, pad, messageBits);
  }
}
