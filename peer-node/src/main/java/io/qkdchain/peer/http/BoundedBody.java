package io.qkdchain.peer.http;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Reads a request body up to a limit. A declared {@code Content-Length} over the limit is refused
 * before reading; a chunked body is read only until it passes the limit. So a 100 MB upload costs
 * at most the limit in memory.
 */
public final class BoundedBody {

  private BoundedBody() {}

  public static byte[] read(HttpServletRequest request, int limit) {
    long declared = request.getContentLengthLong();
    if (declared > limit) {
      throw new BodyTooLargeException(limit);
    }
    try (InputStream in = request.getInputStream()) {
      byte[] body = in.readNBytes(limit);
      if (body.length == limit && in.read() != -1) {
        throw new BodyTooLargeException(limit);
      }
      return body;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the request body", e);
    }
  }
}
