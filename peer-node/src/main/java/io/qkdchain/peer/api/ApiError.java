package io.qkdchain.peer.api;

import io.qkdchain.peer.consensus.TransactionRejectedException;
import io.qkdchain.peer.http.BodyTooLargeException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;

/** A client API failure: {@code {"error": "...", "reason": "..."}} and its status (docs/api.md). */
record ApiError(HttpStatus status, String reason, String message) {

  static ApiError malformed(String message) {
    return new ApiError(HttpStatus.BAD_REQUEST, "MALFORMED_REQUEST", message);
  }

  /** The answer to a failure that is the client's doing; empty for any other failure. */
  static Optional<ApiError> of(RuntimeException failure) {
    String message = failure.getMessage();
    if (failure instanceof BadRequestException) {
      return Optional.of(malformed(message));
    }
    if (failure instanceof BodyTooLargeException) {
      return Optional.of(new ApiError(HttpStatus.CONTENT_TOO_LARGE, "TOO_LARGE", message));
    }
    if (failure instanceof UnknownResourceException) {
      return Optional.of(new ApiError(HttpStatus.NOT_FOUND, "NOT_FOUND", message));
    }
    if (failure instanceof TransactionRejectedException rejected) {
      HttpStatus status =
          switch (rejected.reason()) {
            case EMPTY, MALFORMED -> HttpStatus.BAD_REQUEST;
            case TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
            case POOL_FULL, STOPPED -> HttpStatus.SERVICE_UNAVAILABLE;
          };
      return Optional.of(new ApiError(status, rejected.reason().name(), message));
    }
    return Optional.empty();
  }

  Map<String, String> body() {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("error", message);
    body.put("reason", reason);
    return body;
  }
}
