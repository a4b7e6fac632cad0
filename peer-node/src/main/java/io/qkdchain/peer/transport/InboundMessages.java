package io.qkdchain.peer.transport;

import io.qkdchain.peer.consensus.PeerId;
import io.qkdchain.peer.consensus.PeerMessage;

/** Where authenticated, decoded peer messages go: the consensus engine. Must not block. */
@FunctionalInterface
public interface InboundMessages {

  void receive(PeerId from, PeerMessage message);
}
