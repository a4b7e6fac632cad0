package io.qkdchain.peer.config;

import io.qkdchain.peer.config.QkdchainProperties.KeySource;
import io.qkdchain.peer.config.QkdchainProperties.Kme;
import io.qkdchain.peer.consensus.PeerId;

/**
 * How this peer gets round keys for the link to one other peer: the source and, for {@code
 * etsi014}, the KME settings after per-link overrides. {@code keyPrefix} is the property path the
 * settings came from, for messages.
 */
public record LinkSettings(
    PeerId peer, String peerSaeId, KeySource source, Kme kme, String keyPrefix) {

  public boolean classical() {
    return source == KeySource.CLASSICAL;
  }
}
