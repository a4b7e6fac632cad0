package io.qkdchain.peer.http;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a small JSON answer from a plain servlet with its {@code Content-Length}, so Tomcat sends
 * headers and body in one write instead of a chunked body and its terminating chunk.
 */
public final class JsonReply {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private JsonReply() {}

  public static void send(HttpServletResponse response, int status, Map<String, ?> body)
      throws IOException {
    send(response, status, encode(body));
  }

  /** For an answer that never changes: encode it once with {@link #encode}. */
  public static void send(HttpServletResponse response, int status, byte[] bytes)
      throws IOException {
    response.setStatus(status);
    response.setContentType("application/json");
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }

  public static byte[] encode(Map<String, ?> body) {
    return JSON.writeValueAsBytes(body);
  }

  /** 405 for a route that takes only POST, with the {@code Allow} header. */
  public static void postOnly(HttpServletResponse response, Map<String, ?> body)
      throws IOException {
    response.setHeader("Allow", "POST");
    send(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, body);
  }
}
