package io.qkdchain.peer.api;

import io.qkdchain.peer.http.JsonReply;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A bound on the server threads that the MVC dispatcher's routes may hold at once: the client API's
 * reads, the dashboard, the API docs and the actuator's scrape. A request beyond the bound is
 * answered {@code 503} with {@code Retry-After: 1} at once, without running, so however many
 * anonymous readers there are (or however slowly they read their answers), the rest of the server's
 * pool stays free for what commits need: peer messages and transaction submissions, which are plain
 * servlets this filter never sees (docs/api.md, "Busy").
 *
 * <p>Two kinds of dispatcher route are not counted: the members' authenticated catch-up ({@code
 * /peer/}) and the health probes ({@code /actuator/health}), so that neither a member catching up
 * nor an orchestrator's probe is refused because anonymous readers fill the bound. An asynchronous
 * request (the dashboard's event stream) holds its permit only until its thread returns to the
 * pool.
 */
public final class ClientReadLimit extends OncePerRequestFilter {

  private static final byte[] BUSY =
      JsonReply.encode(
          Map.of(
              "error", "too many reads in progress on this peer; retry in 1 s", "reason", "BUSY"));

  private final int maxConcurrent;
  private final Semaphore permits;
  private final AtomicLong refused = new AtomicLong();

  public ClientReadLimit(int maxConcurrent) {
    if (maxConcurrent < 1) {
      throw new IllegalArgumentException("maxConcurrent must be >= 1, got " + maxConcurrent);
    }
    this.maxConcurrent = maxConcurrent;
    this.permits = new Semaphore(maxConcurrent);
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return path.startsWith("/peer/") || path.startsWith("/actuator/health");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (!permits.tryAcquire()) {
      refused.incrementAndGet();
      response.setHeader("Retry-After", "1");
      JsonReply.send(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, BUSY);
      return;
    }
    try {
      chain.doFilter(request, response);
    } finally {
      permits.release();
    }
  }

  /** Requests being served under the bound now. */
  public int inFlight() {
    return maxConcurrent - permits.availablePermits();
  }

  /** Requests answered {@code 503} since start. */
  public long refused() {
    return refused.get();
  }

  public int maxConcurrent() {
    return maxConcurrent;
  }
}
