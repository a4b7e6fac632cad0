package io.qkdchain.peer.consensus;

import io.qkdchain.toeplitz.BitString;
import io.qkdchain.toeplitz.LfsrRoundKey;
import io.qkdchain.toeplitz.RoundKey;
import io.qkdchain.toeplitz.ToeplitzFamily;
import io.qkdchain.toeplitz.ToeplitzMac;
import java.util.Arrays;

/**
 * One round key, made ready for its single MAC as early as its family allows. With {@code lfsr} the
 * LFSR is derived as soon as the key bits are in (finding its irreducible polynomial is most of an
 * lfsr MAC's cost, about a millisecond), so a prefetched or announced key arrives at its proposal
 * ready; the raw bytes are zeroed then. With {@code full} the layout depends on the message length,
 * so the bytes are kept until the MAC and zeroed after it.
 */
final class ReadyKey {

  private final ToeplitzFamily family;
  private final int tagBits;
  private final LfsrRoundKey lfsr;
  private final byte[] bytes;
  private final String unusable;

  private ReadyKey(
      ToeplitzFamily family, int tagBits, LfsrRoundKey lfsr, byte[] bytes, String unusable) {
    this.family = family;
    this.tagBits = tagBits;
    this.lfsr = lfsr;
    this.bytes = bytes;
    this.unusable = unusable;
  }

  /** Takes (and, for lfsr, zeroes) {@code keyBytes}. Never throws: an unusable key says why. */
  static ReadyKey of(ConsensusSettings settings, byte[] keyBytes) {
    ToeplitzFamily family = settings.family();
    int tagBits = settings.tagBits();
    if (family != ToeplitzFamily.LFSR) {
      return new ReadyKey(family, tagBits, null, keyBytes, null);
    }
    try {
      LfsrRoundKey derived = LfsrRoundKey.derive(tagBits, BitString.fromBytes(keyBytes));
      return new ReadyKey(family, tagBits, derived, null, null);
    } catch (IllegalArgumentException e) {
      return new ReadyKey(family, tagBits, null, null, e.getMessage());
    } finally {
      Arrays.fill(keyBytes, (byte) 0);
    }
  }

  /**
   * The hashed signature of {@code peer} for {@code proposalBytes} under this key: its one use.
   *
   * @throws IllegalArgumentException when the key cannot MAC these bytes (too short)
   * @throws io.qkdchain.toeplitz.PadReuseException on a second use
   */
  String entry(byte[] proposalBytes, PeerId peer) {
    if (unusable != null) {
      throw new IllegalArgumentException(unusable);
    }
    long messageBits = 8L * proposalBytes.length;
    ToeplitzMac mac;
    if (lfsr != null) {
      mac = lfsr.mac(messageBits);
    } else {
      try {
        mac = RoundKey.of(family, tagBits, messageBits, bytes);
      } finally {
        destroy();
      }
    }
    return GroupSignature.entry(mac, proposalBytes, peer);
  }

  /** Zeroes the bytes still held (full); a derived lfsr key holds none and is simply dropped. */
  void destroy() {
    if (bytes != null) {
      Arrays.fill(bytes, (byte) 0);
    }
  }
}
