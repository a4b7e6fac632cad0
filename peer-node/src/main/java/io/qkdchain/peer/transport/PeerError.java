package io.qkdchain.peer.transport;

import io.qkdchain.peer.http.BodyTooLargeException;
import io.qkdchain.peer.wire.MalformedMessageException;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.Optional;

/** A peer-route failure: {@code {"error": "..."}} and the status docs/messages.md gives. */
record PeerError(int status, String message) {

  /** The answer to a failure that is the caller's doing; empty for any other failure. */
  static Optional<PeerError> of(RuntimeException failure) {
    String message = failure.getMessage();
    if (failure instanceof PeerRejectedException rejected) {
      return Optional.of(new PeerError(rejected.httpStatus(), message));
    }
    if (failure instanceof BodyTooLargeException) {
      return Optional.of(new PeerError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, message));
    }
    if (failure instanceof MalformedMessageException
        || failure instanceof IllegalArgumentException) {
      return Optional.of(new PeerError(HttpServletResponse.SC_BAD_REQUEST, message));
    }
    return Optional.empty();
  }

  Map<String, String> body() {
    return Map.of("error", message);
  }
}
