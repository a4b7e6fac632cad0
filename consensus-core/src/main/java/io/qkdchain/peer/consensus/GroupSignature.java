package io.qkdchain.peer.consensus;

import io.qkdchain.toeplitz.BitString;
import io.qkdchain.toeplitz.HashedSignature;
import io.qkdchain.toeplitz.ToeplitzFamily;
import io.qkdchain.toeplitz.ToeplitzMac;
import java.util.List;

/**
 * The Toeplitz group signature of a proposal: entry {@code j} is {@code SHA-256(tag_j + "-" +
 * id_j)}, {@code tag_j} the MAC of the proposal bytes under the round key shared with peer {@code
 * j}. Round keys reach it as {@link ReadyKey}s, each used for one MAC.
 */
final class GroupSignature {

  private GroupSignature() {}

  /** {@code K}: the round-key bits one link needs for these proposal bytes. */
  static int roundKeyBits(ToeplitzFamily family, int tagBits, byte[] proposalBytes) {
    return family.roundKeyBits(tagBits, 8L * proposalBytes.length);
  }

  /** One peer's hashed signature under {@code mac}, which is single-use (see {@link ReadyKey}). */
  static String entry(ToeplitzMac mac, byte[] proposalBytes, PeerId peer) {
    BitString tag = mac.tag(proposalBytes);
    return HashedSignature.of(tag, peer.value()).hex();
  }

  /** Why {@code signature} cannot be a group signature for {@code peers} members, or null. */
  static String problem(List<String> signature, int peers) {
    if (signature.size() != peers) {
      return "group signature has " + signature.size() + " entries, expected " + peers;
    }
    for (String entry : signature) {
      if (!Block.isHash(entry)) {
        return "group signature entry is not 64 lowercase hex characters";
      }
    }
    return null;
  }
}
