package io.qkdchain.peer.auth;

import io.qkdchain.peer.consensus.PeerId;

/** This peer holds no usable key for a link's authentication, so it sends nothing on it. */
public final class LinkKeyUnavailableException extends RuntimeException {

  public LinkKeyUnavailableException(PeerId peer, String why, Throwable cause) {
    super("no link authentication key for " + peer + ": " + why, cause);
  }
}
