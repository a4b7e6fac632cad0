package io.qkdchain.peer.api;

/** A transaction or block this peer does not have: 404. */
final class UnknownResourceException extends RuntimeException {

  UnknownResourceException(String message) {
    super(message);
  }
}
