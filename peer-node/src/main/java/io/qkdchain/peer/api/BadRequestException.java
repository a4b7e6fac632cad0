package io.qkdchain.peer.api;

/** A client request that cannot be understood: malformed JSON, a missing or mistyped field. */
final class BadRequestException extends RuntimeException {

  BadRequestException(String message) {
    super(message);
  }
}
