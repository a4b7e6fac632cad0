package io.qkdchain.peer.wire;

/** A peer message or block that does not follow docs/messages.md; the message names the field. */
public final class MalformedMessageException extends RuntimeException {

  public MalformedMessageException(String message) {
    super(message);
  }

  public MalformedMessageException(String message, Throwable cause) {
    super(message, cause);
  }
}
