package io.qkdchain.peer.keys;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The QKD key stream of the link to one other peer, as the link authentication draws from it
 * (docs/messages.md, "Link authentication"). The side that draws is the ETSI 014 master, the side
 * that reads by key IDs the slave; only the IDs ever travel between the peers.
 */
public interface LinkKeyStream {

  /** A key this peer drew as master: its IDs in exchange order and its bytes (caller zeroes). */
  record DrawnKey(List<String> keyIds, byte[] bytes) {
    public DrawnKey {
      keyIds = List.copyOf(keyIds);
    }

    @Override
    public String toString() {
      return "DrawnKey[keyIds=" + keyIds + ", bits=" + 8L * bytes.length + "]";
    }
  }

  /** Master side: a new key of exactly {@code bits} bits for the other end (enc_keys). */
  CompletionStage<DrawnKey> draw(int bits);

  /**
   * Slave side: the key the other end drew, by the IDs it announced, in their order (dec_keys
   * naming the other end as master). The KME refuses IDs it did not draw for this pair.
   */
  CompletionStage<byte[]> read(List<String> keyIds, int bits);
}
