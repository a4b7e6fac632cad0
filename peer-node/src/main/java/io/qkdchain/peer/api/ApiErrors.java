package io.qkdchain.peer.api;

import io.qkdchain.peer.consensus.TransactionRejectedException;
import io.qkdchain.peer.http.BodyTooLargeException;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** Client API failures of the MVC routes as {@link ApiError}s (docs/api.md). */
@RestControllerAdvice(assignableTypes = {TransactionsController.class, ChainController.class})
class ApiErrors {

  @ExceptionHandler({
    BadRequestException.class,
    BodyTooLargeException.class,
    UnknownResourceException.class,
    TransactionRejectedException.class
  })
  ResponseEntity<Map<String, String>> clientError(RuntimeException e) {
    return answer(ApiError.of(e).orElseThrow(() -> e));
  }

  @ExceptionHandler(RateLimitedException.class)
  ResponseEntity<Map<String, String>> rateLimited(RateLimitedException e) {
    return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
        .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
        .body(Map.of("error", e.getMessage(), "reason", "RATE_LIMITED"));
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<Map<String, String>> badParameter(MethodArgumentTypeMismatchException e) {
    return answer(ApiError.malformed("parameter '" + e.getName() + "' has an invalid value"));
  }

  private static ResponseEntity<Map<String, String>> answer(ApiError error) {
    return ResponseEntity.status(error.status()).body(error.body());
  }
}
