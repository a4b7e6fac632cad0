package io.qkdchain.peer.auth;

import io.qkdchain.peer.auth.AuthRejections.Reason;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Set;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Requires {@code X-API-Key} on the client API ({@code /api/v1/**} and {@code
 * /receive-transaction}) when {@code qkdchain.api.key} is set: on writes always, on reads when
 * {@code protect-reads}. The comparison is over SHA-256 digests with {@link MessageDigest#isEqual},
 * so neither the content nor the length of the key leaks through timing.
 */
public final class ApiKeyFilter extends OncePerRequestFilter {

  public static final String HEADER = "X-API-Key";

  private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
  private static final byte[] UNAUTHORIZED =
      ("{\"error\":\"this route needs the client API key in the "
              + HEADER
              + " header\",\"reason\":\"UNAUTHORIZED\"}")
          .getBytes(StandardCharsets.UTF_8);

  private final byte[] keyDigest;
  private final boolean protectReads;
  private final AuthRejections rejections;

  public ApiKeyFilter(String key, boolean protectReads, AuthRejections rejections) {
    this.keyDigest = sha256(key);
    this.protectReads = protectReads;
    this.rejections = rejections;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    boolean clientApi =
        path.equals("/receive-transaction")
            || path.equals("/api/v1")
            || path.startsWith("/api/v1/");
    return !clientApi || (!protectReads && READS.contains(request.getMethod()));
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String given = request.getHeader(HEADER);
    if (given != null && MessageDigest.isEqual(keyDigest, sha256(given))) {
      chain.doFilter(request, response);
      return;
    }
    rejections.record(
        given == null ? Reason.MISSING_API_KEY : Reason.WRONG_API_KEY,
        request.getMethod() + " " + request.getRequestURI(),
        null,
        request.getRemoteAddr());
    response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
    response.setContentType("application/json");
    response.setContentLength(UNAUTHORIZED.length);
    response.getOutputStream().write(UNAUTHORIZED);
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JRE has SHA-256", e);
    }
  }
}
