package io.qkdchain.peer.api;

/** A client asked for an expensive route faster than its rate limit: answered 429. */
final class RateLimitedException extends RuntimeException {

  private final long retryAfterSeconds;

  RateLimitedException(String message, long retryAfterSeconds) {
    super(message);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
