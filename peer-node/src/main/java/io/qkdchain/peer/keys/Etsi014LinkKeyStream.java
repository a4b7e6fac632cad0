package io.qkdchain.peer.keys;

import io.qkdchain.etsi014.RoundKeys;
import io.qkdchain.etsi014.SharedKey;
import java.util.List;
import java.util.concurrent.CompletionStage;
import reactor.core.publisher.Mono;

/**
 * A link's key stream over ETSI GS QKD 014: {@code enc_keys} naming the other end's SAE ID as slave
 * to draw, {@code dec_keys} naming it as master to read. Each call asks the KME for fresh keys or
 * for keys by ID, so these keys never collide with the round keys drawn over the same KME: a KME
 * hands out a key ID once, and a peer reads for link authentication only the IDs announced on this
 * link's own announcement route.
 */
public final class Etsi014LinkKeyStream implements LinkKeyStream {

  private final String peerSaeId;
  private final RoundKeys keys;

  public Etsi014LinkKeyStream(String peerSaeId, RoundKeys keys) {
    this.peerSaeId = peerSaeId;
    this.keys = keys;
  }

  @Override
  public CompletionStage<DrawnKey> draw(int bits) {
    return Mono.defer(() -> keys.fetchForSlave(peerSaeId, bits))
        .map((SharedKey key) -> new DrawnKey(key.keyIds(), key.takeBytes()))
        .toFuture();
  }

  @Override
  public CompletionStage<byte[]> read(List<String> keyIds, int bits) {
    return Mono.defer(() -> keys.fetchFromMaster(peerSaeId, keyIds, bits))
        .map(SharedKey::takeBytes)
        .toFuture();
  }
}
