package io.qkdchain.peer.api;

import io.qkdchain.peer.consensus.Transaction;
import io.qkdchain.peer.http.BoundedBody;
import io.qkdchain.peer.http.JsonReply;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * {@code POST /api/v1/transactions} and the original {@code POST /receive-transaction}
 * (docs/api.md). A 202 is sent only after the transaction is fsync'd in this peer's pending log;
 * {@code ?wait=true} holds the answer until the commit or the wait timeout, without holding a
 * server thread.
 *
 * <p>Every client write takes this route, so it is a plain servlet rather than a Spring MVC
 * handler: no handler lookup, no content negotiation, and a {@code wait=true} answer is written
 * where the commit completes instead of being dispatched through the filter chain a second time
 * (docs/performance.md, round 4). Filters (API key, observation) apply as to any route.
 */
final class TransactionSubmitServlet extends HttpServlet {

  private final TransactionIntake intake;
  private final ApiLimits limits;
  private final String route;
  private final String field;

  /**
   * @param route the path this servlet is mapped to, for the {@code uri} tag of its metrics
   * @param field the body's field that holds the transaction text
   */
  TransactionSubmitServlet(TransactionIntake intake, ApiLimits limits, String route, String field) {
    this.intake = intake;
    this.limits = limits;
    this.route = route;
    this.field = field;
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (!"POST".equals(request.getMethod())) {
      JsonReply.postOnly(
          response,
          new ApiError(HttpStatus.METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED", route + " takes POST")
              .body());
      return;
    }
    ServerHttpObservationFilter.findObservationContext(request)
        .ifPresent(observation -> observation.setPathPattern(route));
    Transaction tx;
    boolean wait;
    try {
      wait = waitParameter(request.getQueryString());
      tx =
          intake.submit(
              TransactionRequest.text(BoundedBody.read(request, limits.maxBodyBytes()), field));
    } catch (RuntimeException failure) {
      ApiError error = ApiError.of(failure).orElseThrow(() -> failure);
      JsonReply.send(response, error.status().value(), error.body());
      return;
    }
    if (wait) {
      awaitCommit(request, response, tx.id());
    } else {
      JsonReply.send(response, HttpServletResponse.SC_ACCEPTED, pending(tx.id()));
    }
  }

  /**
   * {@code wait} from the query string alone, read as Spring MVC reads a boolean parameter (absent
   * or empty is false). Not {@link HttpServletRequest#getParameter}: for a form-encoded POST that
   * would consume the body as parameters.
   */
  static boolean waitParameter(String query) {
    String value = null;
    if (query != null) {
      for (String pair : query.split("&")) {
        int equals = pair.indexOf('=');
        String name = equals < 0 ? pair : pair.substring(0, equals);
        if (value == null && "wait".equals(decode(name))) {
          value = equals < 0 ? "" : decode(pair.substring(equals + 1));
        }
      }
    }
    if (value == null || value.isEmpty()) {
      return false;
    }
    switch (value.toLowerCase(Locale.ROOT)) {
      case "true", "on", "yes", "1":
        return true;
      case "false", "off", "no", "0":
        return false;
      default:
        throw new BadRequestException("parameter 'wait' has an invalid value");
    }
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      throw new BadRequestException("malformed query string");
    }
  }

  private void awaitCommit(HttpServletRequest request, HttpServletResponse response, String id) {
    AsyncContext async = request.startAsync();
    async.setTimeout(limits.waitTimeout().toMillis());
    WaitingAnswer answer = new WaitingAnswer(async, response, id);
    async.addListener(answer);
    intake.awaitCommit(id).whenComplete(answer::commitSettled);
  }

  private static Map<String, Object> pending(String id) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", id);
    body.put("status", "PENDING");
    return body;
  }

  private static Map<String, Object> committed(String id, long blockIndex) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", id);
    body.put("status", "COMMITTED");
    body.put("blockIndex", blockIndex);
    return body;
  }

  /**
   * The one answer to a {@code wait=true} request: 200 COMMITTED when the commit comes first, 202
   * PENDING at the wait timeout (the container's async timeout, checked about once a second) or if
   * the wait fails. The commit completes on the consensus thread, so its answer is written on a
   * container thread ({@link AsyncContext#start}).
   */
  private static final class WaitingAnswer implements AsyncListener {

    private final AsyncContext async;
    private final HttpServletResponse response;
    private final String id;
    private boolean answered;

    WaitingAnswer(AsyncContext async, HttpServletResponse response, String id) {
      this.async = async;
      this.response = response;
      this.id = id;
    }

    void commitSettled(Long blockIndex, Throwable failure) {
      Map<String, Object> body = failure == null ? committed(id, blockIndex) : pending(id);
      int status = failure == null ? HttpServletResponse.SC_OK : HttpServletResponse.SC_ACCEPTED;
      try {
        async.start(() -> answer(status, body));
      } catch (IllegalStateException finished) {
        // Already answered PENDING at the timeout, or the client has gone.
      }
    }

    @Override
    public void onTimeout(AsyncEvent event) {
      answer(HttpServletResponse.SC_ACCEPTED, pending(id));
    }

    @Override
    public synchronized void onError(AsyncEvent event) {
      answered = true; // the client has gone; the container ends the request
    }

    @Override
    public void onComplete(AsyncEvent event) {}

    @Override
    public void onStartAsync(AsyncEvent event) {}

    /** Synchronized: a timeout racing the commit's answer waits for it to complete the request. */
    private synchronized void answer(int status, Map<String, Object> body) {
      if (answered) {
        return;
      }
      answered = true;
      try {
        JsonReply.send(response, status, body);
      } catch (IOException clientGone) {
        // Nothing to tell a client that has gone; the transaction is in the pool regardless.
      } finally {
        async.complete();
      }
    }
  }
}
