package io.qkdchain.simulator.qrng;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The Quantum Blockchains answer shape. Failures travel inside an HTTP 200 with their own {@code
 * status}, as the real service does, so clients must read the body's status.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record QrngAnswer(Data data, String error, String message, String timestamp, int status) {

  record Data(
      List<?> result,
      @JsonProperty("QuantisRead") long quantisRead,
      @JsonProperty("ExecuteTime") String executeTime) {}

  static QrngAnswer success(Data data, String timestamp) {
    return new QrngAnswer(data, "", "", timestamp, 200);
  }

  static QrngAnswer wrongKey() {
    return new QrngAnswer(null, "Not Found", "Wrong key", null, 404);
  }

  static QrngAnswer badRequest(String message) {
    return new QrngAnswer(null, "Bad Request", message, null, 400);
  }
}
