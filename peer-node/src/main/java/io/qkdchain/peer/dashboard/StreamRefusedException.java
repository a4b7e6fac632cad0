package io.qkdchain.peer.dashboard;

/** A live event stream that cannot be opened now: 503, the browser retries later. */
public final class StreamRefusedException extends RuntimeException {

  public StreamRefusedException(String message) {
    super(message);
  }
}
