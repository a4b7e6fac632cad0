package io.qkdchain.peer.auth;

/** A link epoch's key was retired (forgotten) while a request still used it. */
final class RetiredLinkKeyException extends IllegalStateException {

  RetiredLinkKeyException() {
    super("this link epoch's key was retired", null);
  }
}
