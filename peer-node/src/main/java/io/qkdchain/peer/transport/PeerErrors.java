package io.qkdchain.peer.transport;

import io.qkdchain.peer.http.BodyTooLargeException;
import io.qkdchain.peer.wire.MalformedMessageException;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** Peer-route failures as {@code {"error": "..."}} with the status docs/messages.md gives. */
@RestControllerAdvice(assignableTypes = PeerMessagesController.class)
class PeerErrors {

  @ExceptionHandler(MalformedMessageException.class)
  ResponseEntity<Map<String, String>> malformed(MalformedMessageException e) {
    return error(HttpStatus.BAD_REQUEST, e.getMessage());
  }

  @ExceptionHandler({
    IllegalArgumentException.class,
    MissingServletRequestParameterException.class,
    MethodArgumentTypeMismatchException.class
  })
  ResponseEntity<Map<String, String>> badParameter(Exception e) {
    return error(HttpStatus.BAD_REQUEST, e.getMessage());
  }

  @ExceptionHandler(PeerRejectedException.class)
  ResponseEntity<Map<String, String>> rejected(PeerRejectedException e) {
    return error(HttpStatus.valueOf(e.httpStatus()), e.getMessage());
  }

  @ExceptionHandler(BodyTooLargeException.class)
  ResponseEntity<Map<String, String>> tooLarge(BodyTooLargeException e) {
    return error(HttpStatus.CONTENT_TOO_LARGE, e.getMessage());
  }

  private static ResponseEntity<Map<String, String>> error(HttpStatus status, String message) {
    return ResponseEntity.status(status).body(Map.of("error", message));
  }
}
