package io.qkdchain.peer.metrics;

import io.qkdchain.etsi014.KeyMaterialUnavailable;
import io.qkdchain.etsi014.KmeBadRequest;
import io.qkdchain.etsi014.KmeTransportFailure;
import io.qkdchain.etsi014.KmeUnauthorized;
import io.qkdchain.etsi014.KmeUnexpectedStatus;
import io.qkdchain.etsi014.MalformedKmeResponse;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * The kind of a failed KME call, from a small fixed set ({@code transport}, {@code
 * no_key_material}, {@code unauthorized}, {@code bad_request}, {@code unexpected_status}, {@code
 * malformed_answer}, {@code timeout}, {@code other}): metric tags and health details need a
 * category, and exception messages would make one per failure.
 */
public final class KmeErrorKind {

  private KmeErrorKind() {}

  public static String of(Throwable error) {
    Throwable cause = error;
    while (cause != null
        && cause.getCause() != null
        && (cause instanceof CompletionException
            || cause instanceof ExecutionException
            || cause.getClass().getName().startsWith("reactor.core.Exceptions$"))) {
      cause = cause.getCause();
    }
    if (cause instanceof KmeTransportFailure) {
      return "transport";
    } else if (cause instanceof KeyMaterialUnavailable) {
      return "no_key_material";
    } else if (cause instanceof KmeUnauthorized) {
      return "unauthorized";
    } else if (cause instanceof KmeBadRequest) {
      return "bad_request";
    } else if (cause instanceof KmeUnexpectedStatus) {
      return "unexpected_status";
    } else if (cause instanceof MalformedKmeResponse) {
      return "malformed_answer";
    } else if (cause instanceof TimeoutException) {
      return "timeout";
    }
    return "other";
  }
}
