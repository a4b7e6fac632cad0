package io.qkdchain.simulator.kme;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * A refusal as a real KME gives it: the HTTP status ETSI GS QKD 014 assigns (400 bad request, 401
 * unauthorised, 503 key material or service unavailable) and the message and details of its error
 * body.
 */
public final class KmeException extends RuntimeException {

  private final HttpStatus status;
  private final List<Map<String, Object>> details;

  private KmeException(HttpStatus status, String message, List<Map<String, Object>> details) {
    super(message);
    this.status = status;
    this.details = List.copyOf(details);
  }

  @SafeVarargs
  public static KmeException badRequest(String message, Map<String, Object>... details) {
    return new KmeException(HttpStatus.BAD_REQUEST, message, List.of(details));
  }

  @SafeVarargs
  public static KmeException unauthorized(String message, Map<String, Object>... details) {
    return new KmeException(HttpStatus.UNAUTHORIZED, message, List.of(details));
  }

  @SafeVarargs
  public static KmeException unavailable(String message, Map<String, Object>... details) {
    return new KmeException(HttpStatus.SERVICE_UNAVAILABLE, message, List.of(details));
  }

  public HttpStatus status() {
    return status;
  }

  public List<Map<String, Object>> details() {
    return details;
  }
}
