package io.qkdchain.etsi014;

import java.util.List;

/**
 * Why a KME operation failed. Messages name the operation and any key IDs, never key material. Only
 * {@link KeyMaterialUnavailable} and {@link KmeTransportFailure} are worth retrying.
 */
public abstract sealed class KmeException extends RuntimeException
    permits KmeBadRequest,
        KmeUnauthorized,
        KeyMaterialUnavailable,
        KmeUnexpectedStatus,
        KmeTransportFailure,
        MalformedKmeResponse {

  private final int httpStatus;
  private final String serverMessage;
  private final List<String> details;

  KmeException(
      String message, int httpStatus, String serverMessage, List<String> details, Throwable cause) {
    super(message, cause);
    this.httpStatus = httpStatus;
    this.serverMessage = serverMessage;
    this.details = details == null ? List.of() : List.copyOf(details);
  }

  KmeException(String operation, ErrorAnswer answer) {
    this(
        describe(operation, answer), answer.httpStatus(), answer.message(), answer.details(), null);
  }

  private static String describe(String operation, ErrorAnswer answer) {
    StringBuilder text =
        new StringBuilder(operation).append(" answered HTTP ").append(answer.httpStatus());
    if (answer.message() != null) {
      text.append(": ").append(answer.message());
    }
    if (!answer.details().isEmpty()) {
      text.append(" ").append(answer.details());
    }
    return text.toString();
  }

  /** The HTTP status, or 0 when the failure was not an HTTP answer. */
  public int httpStatus() {
    return httpStatus;
  }

  /** The {@code message} of the server's error body, or null. */
  public String serverMessage() {
    return serverMessage;
  }

  /** The {@code details} of the server's error body, each as JSON text; empty when absent. */
  public List<String> details() {
    return details;
  }

  boolean isRetryable() {
    return this instanceof KeyMaterialUnavailable || this instanceof KmeTransportFailure;
  }

  /** An HTTP error answer as the KME sent it. */
  record ErrorAnswer(int httpStatus, String message, List<String> details) {}
}
