package io.qkdchain.peer.consensus;

import java.util.List;

/** What a proposer tells a peer so that the peer can obtain their shared round key. */
public sealed interface KeyHandle {

  /** QKD mode: the key IDs from the proposer's {@code enc_keys}, in the order the KME gave them. */
  record QkdKeyIds(List<String> keyIds) implements KeyHandle {
    public QkdKeyIds {
      keyIds = List.copyOf(keyIds);
      if (keyIds.isEmpty()) {
        throw new IllegalArgumentException("at least one key ID is needed");
      }
    }
  }

  /**
   * Classical mode (no QKD hardware; insecure, like the original MVP's fallback): the round key
   * itself, drawn from a CSPRNG and sent over the classical channel.
   */
  record ClassicalKey(String keyHex) implements KeyHandle {
    public ClassicalKey {
      if (keyHex == null || !keyHex.matches("([0-9a-f]{2})+")) {
        throw new IllegalArgumentException("classical key must be non-empty lowercase hex");
      }
    }

    @Override
    public String toString() {
      return "ClassicalKey[" + keyHex.length() / 2 + " bytes]";
    }
  }
}
