package io.qkdchain.peer.keys;

import io.qkdchain.peer.consensus.KeyHandle;
import io.qkdchain.peer.consensus.PeerId;
import io.qkdchain.peer.consensus.RoundKeySource;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The round-key source of each link, chosen per peer by {@code qkdchain.links}. */
public final class LinkKeySources implements RoundKeySource {

  private final Map<PeerId, RoundKeySource> byPeer;

  public LinkKeySources(Map<PeerId, RoundKeySource> byPeer) {
    this.byPeer = Map.copyOf(byPeer);
  }

  @Override
  public CompletionStage<IssuedRoundKey> issue(PeerId slave, int bits) {
    RoundKeySource source = byPeer.get(slave);
    return source == null ? unknown(slave) : source.issue(slave, bits);
  }

  @Override
  public CompletionStage<byte[]> obtain(PeerId master, KeyHandle handle, int bits) {
    RoundKeySource source = byPeer.get(master);
    return source == null ? unknown(master) : source.obtain(master, handle, bits);
  }

  private static <T> CompletionStage<T> unknown(PeerId peer) {
    return CompletableFuture.failedFuture(
        new IllegalArgumentException("no key source is configured for a link to " + peer));
  }
}
