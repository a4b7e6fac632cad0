package io.qkdchain.peer.transport;

import io.qkdchain.peer.consensus.PeerId;

/** A message that did not reach its peer: connection failure, timeout, non-2xx or dropped. */
public final class PeerUnreachableException extends RuntimeException {

  private final PeerId peer;

  public PeerUnreachableException(PeerId peer, String message, Throwable cause) {
    super(peer + ": " + message, cause);
    this.peer = peer;
  }

  public PeerId peer() {
    return peer;
  }
}
