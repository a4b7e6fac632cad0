package io.qkdchain.peer.api;

import io.qkdchain.peer.consensus.TransactionRejectedException;
import io.qkdchain.peer.http.BodyTooLargeException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** Client API failures as {@code {"error": "...", "reason": "..."}} (docs/api.md). */
@RestControllerAdvice(assignableTypes = {TransactionsController.class, ChainController.class})
class ApiErrors {

  @ExceptionHandler(BadRequestException.class)
  ResponseEntity<Map<String, String>> badRequest(BadRequestException e) {
    return error(HttpStatus.BAD_REQUEST, "MALFORMED_REQUEST", e.getMessage());
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<Map<String, String>> badParameter(MethodArgumentTypeMismatchException e) {
    return error(
        HttpStatus.BAD_REQUEST,
        "MALFORMED_REQUEST",
        "parameter '" + e.getName() + "' has an invalid value");
  }

  @ExceptionHandler(BodyTooLargeException.class)
  ResponseEntity<Map<String, String>> bodyTooLarge(BodyTooLargeException e) {
    return error(HttpStatus.CONTENT_TOO_LARGE, "TOO_LARGE", e.getMessage());
  }

  @ExceptionHandler(UnknownResourceException.class)
  ResponseEntity<Map<String, String>> unknown(UnknownResourceException e) {
    return error(HttpStatus.NOT_FOUND, "NOT_FOUND", e.getMessage());
  }

  @ExceptionHandler(TransactionRejectedException.class)
  ResponseEntity<Map<String, String>> rejected(TransactionRejectedException e) {
    HttpStatus status =
        switch (e.reason()) {
          case EMPTY, MALFORMED -> HttpStatus.BAD_REQUEST;
          case TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
          case POOL_FULL, STOPPED -> HttpStatus.SERVICE_UNAVAILABLE;
        };
    return error(status, e.reason().name(), e.getMessage());
  }

  private static ResponseEntity<Map<String, String>> error(
      HttpStatus status, String reason, String message) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("error", message);
    body.put("reason", reason);
    return ResponseEntity.status(status).body(body);
  }
}
