package io.qkdchain.simulator.kme;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** Turns refusals and malformed requests into the status and body a real KME answers. */
@RestControllerAdvice(assignableTypes = EtsiController.class)
class EtsiErrors {

  private static final Logger log = LoggerFactory.getLogger(EtsiErrors.class);

  @ExceptionHandler(KmeException.class)
  ResponseEntity<EtsiError> refused(KmeException e, HttpServletRequest request) {
    return answer(e.status(), e.getMessage(), e.details(), request);
  }

  @ExceptionHandler(MissingServletRequestParameterException.class)
  ResponseEntity<EtsiError> missingParameter(
      MissingServletRequestParameterException e, HttpServletRequest request) {
    return answer(
        HttpStatus.BAD_REQUEST,
        "missing query parameter " + e.getParameterName(),
        List.of(Map.of("parameter", e.getParameterName())),
        request);
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<EtsiError> badParameter(
      MethodArgumentTypeMismatchException e, HttpServletRequest request) {
    return answer(
        HttpStatus.BAD_REQUEST,
        "query parameter " + e.getName() + " is malformed: " + e.getValue(),
        List.of(Map.of("parameter", e.getName())),
        request);
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<EtsiError> badBody(HttpMessageNotReadableException e, HttpServletRequest request) {
    return answer(
        HttpStatus.BAD_REQUEST,
        "the request body is missing or is not the JSON this operation takes",
        List.of(),
        request);
  }

  private static ResponseEntity<EtsiError> answer(
      HttpStatus status,
      String message,
      List<Map<String, Object>> details,
      HttpServletRequest request) {
    log.warn(
        "{} {} refused {}: {}",
        request.getMethod(),
        request.getRequestURI(),
        status.value(),
        message);
    return ResponseEntity.status(status).body(new EtsiError(message, details));
  }
}
