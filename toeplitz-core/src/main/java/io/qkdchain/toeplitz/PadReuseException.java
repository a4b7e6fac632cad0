package io.qkdchain.toeplitz;

/** A one-time pad, or the round key it came from, was asked to authenticate a second message. */
public final class PadReuseException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  PadReuseException() {
    super("this one-time pad has already masked a tag; a round key authenticates one message only");
  }
}
