package io.qkdchain.peer.keys;

import io.qkdchain.etsi014.RoundKeys;
import io.qkdchain.etsi014.SharedKey;
import io.qkdchain.peer.consensus.KeyHandle;
import io.qkdchain.peer.consensus.PeerId;
import io.qkdchain.peer.consensus.RoundKeySource;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Round keys from a KME over ETSI GS QKD 014 for the link to one peer. As proposer this peer is the
 * master: {@code enc_keys} names the slave's SAE ID. As a receiver it is the slave: {@code
 * dec_keys} names the master's SAE ID, with the key IDs in the order the master sent them. Nothing
 * blocks: the stages complete on the HTTP client's threads.
 */
public final class Etsi014RoundKeySource implements RoundKeySource {

  private static final Logger log = LoggerFactory.getLogger(Etsi014RoundKeySource.class);

  private final PeerId peer;
  private final String peerSaeId;
  private final RoundKeys roundKeys;

  /**
   * @param peer the other end of the link
   * @param peerSaeId its SAE ID at the KMEs
   * @param roundKeys the KME client this link uses
   */
  public Etsi014RoundKeySource(PeerId peer, String peerSaeId, RoundKeys roundKeys) {
    this.peer = peer;
    this.peerSaeId = peerSaeId;
    this.roundKeys = roundKeys;
  }

  @Override
  public CompletionStage<IssuedRoundKey> issue(PeerId slave, int bits) {
    requireThisLink(slave);
    log.debug("Requesting QKD key for {} ({} bits)", slave, bits);
    return Mono.defer(() -> roundKeys.fetchForSlave(peerSaeId, bits))
        .map(
            (SharedKey key) ->
                new IssuedRoundKey(new KeyHandle.QkdKeyIds(key.keyIds()), key.takeBytes()))
        .toFuture();
  }

  @Override
  public CompletionStage<byte[]> obtain(PeerId master, KeyHandle handle, int bits) {
    requireThisLink(master);
    if (!(handle instanceof KeyHandle.QkdKeyIds ids)) {
      // A QKD link must never fall back to a key that travelled in the clear.
      return CompletableFuture.failedFuture(
          new IllegalArgumentException(
              "the link to "
                  + master
                  + " uses QKD keys, but the proposal carries a classical key"));
    }
    log.debug("Requesting QKD key from {} by key IDs {} ({} bits)", master, ids.keyIds(), bits);
    return Mono.defer(() -> roundKeys.fetchFromMaster(peerSaeId, ids.keyIds(), bits))
        .map(SharedKey::takeBytes)
        .toFuture();
  }

  private void requireThisLink(PeerId other) {
    if (!peer.equals(other)) {
      throw new IllegalArgumentException(
          "this key source serves the link to " + peer + ", not to " + other);
    }
  }
}
