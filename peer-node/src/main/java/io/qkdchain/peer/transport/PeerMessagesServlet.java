package io.qkdchain.peer.transport;

import io.qkdchain.peer.consensus.PeerId;
import io.qkdchain.peer.consensus.PeerMessage;
import io.qkdchain.peer.http.BoundedBody;
import io.qkdchain.peer.http.JsonReply;
import io.qkdchain.peer.wire.PeerMessageCodec;
import io.qkdchain.peer.wire.PeerMessageCodec.Batch;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/**
 * The peer-to-peer message routes of docs/messages.md: {@code POST /peer/v1/messages} (a batch,
 * what {@link HttpTransport} sends) and one route per message type. A body is read once, its
 * credentials verified over those exact bytes, then decoded whole, before any message reaches the
 * engine: an unauthenticated or malformed batch changes nothing.
 *
 * <p>Every step of a round is one of these requests, so they are a plain servlet rather than a
 * Spring MVC handler (docs/performance.md, round 4).
 */
final class PeerMessagesServlet extends HttpServlet {

  static final String BATCH = "/peer/v1/messages";

  /** Route of each single-message type, and the type its body must be. */
  static final Map<String, String> SINGLE_ROUTES =
      Map.of(
          "/peer/v1/proposals", "Proposal",
          "/peer/v1/votes", "Vote",
          "/peer/v1/view-changes", "ViewChange",
          "/peer/v1/tx-gossip", "TxGossip");

  /** The answer to every accepted request, encoded once: this is the hottest route. */
  private static final byte[] ACCEPTED = JsonReply.encode(Map.of("status", "accepted"));

  private final PeerMessageCodec codec;
  private final InboundMessages inbound;
  private final PeerAuthenticator authenticator;
  private final InboundLimits limits;

  PeerMessagesServlet(
      PeerMessageCodec codec,
      InboundMessages inbound,
      PeerAuthenticator authenticator,
      InboundLimits limits) {
    this.codec = codec;
    this.inbound = inbound;
    this.authenticator = authenticator;
    this.limits = limits;
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String route = request.getServletPath();
    if (!"POST".equals(request.getMethod())) {
      JsonReply.postOnly(response, Map.of("error", route + " takes POST"));
      return;
    }
    authenticator.annotate(request, response);
    try {
      authenticator.precheck(request);
      byte[] body = BoundedBody.read(request, limits.maxBodyBytes());
      PeerCaller caller = authenticator.verify(request, body);
      String single = SINGLE_ROUTES.get(route);
      Batch batch = single == null ? codec.decodeBatch(body) : codec.decodeSingle(body, single);
      PeerId sender = caller.speakingAs(batch.from());
      for (PeerMessage message : batch.messages()) {
        inbound.receive(sender, message);
      }
    } catch (RuntimeException failure) {
      PeerError error = PeerError.of(failure).orElseThrow(() -> failure);
      JsonReply.send(response, error.status(), error.body());
      return;
    }
    JsonReply.send(response, HttpServletResponse.SC_ACCEPTED, ACCEPTED);
  }
}
