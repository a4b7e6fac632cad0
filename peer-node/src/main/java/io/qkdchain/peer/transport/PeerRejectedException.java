package io.qkdchain.peer.transport;

/** A peer request refused for who sent it: 401 when unauthenticated, 403 when not a member. */
public final class PeerRejectedException extends RuntimeException {

  private final int httpStatus;

  public PeerRejectedException(int httpStatus, String message) {
    super(message);
    this.httpStatus = httpStatus;
  }

  public int httpStatus() {
    return httpStatus;
  }
}
