package io.qkdchain.peer.http;

/** A request body over its route's limit; answered 413 before the rest of it is read. */
public final class BodyTooLargeException extends RuntimeException {

  public BodyTooLargeException(long limit) {
    super("request body exceeds " + limit + " bytes");
  }
}
