package io.qkdchain.peer.transport;

import io.qkdchain.peer.http.BodyTooLargeException;
import io.qkdchain.peer.wire.MalformedMessageException;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** Failures of the MVC peer route ({@code GET /peer/v1/blocks}) as {@link PeerError}s. */
@RestControllerAdvice(assignableTypes = PeerBlocksController.class)
class PeerErrors {

  @ExceptionHandler({
    MalformedMessageException.class,
    IllegalArgumentException.class,
    PeerRejectedException.class,
    BodyTooLargeException.class
  })
  ResponseEntity<Map<String, String>> callerError(RuntimeException e) {
    return answer(PeerError.of(e).orElseThrow(() -> e));
  }

  @ExceptionHandler({
    MissingServletRequestParameterException.class,
    MethodArgumentTypeMismatchException.class
  })
  ResponseEntity<Map<String, String>> badParameter(Exception e) {
    return answer(new PeerError(400, e.getMessage()));
  }

  private static ResponseEntity<Map<String, String>> answer(PeerError error) {
    return ResponseEntity.status(error.status()).body(error.body());
  }
}
