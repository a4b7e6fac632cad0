package io.qkdchain.peer.auth;

import io.qkdchain.peer.auth.AuthRejections.Reason;
import io.qkdchain.peer.consensus.PeerId;
import io.qkdchain.peer.transport.PeerCaller;
import io.qkdchain.peer.transport.PeerRejectedException;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The checks both peer authenticators ({@code hmac} and the QKD link modes) make alike, in the
 * words of docs/messages.md, and how a refusal is recorded: every refusal is counted and logged by
 * {@link AuthRejections} before the request is answered.
 */
final class PeerRequestChecks {

  /** The form of the claimed sender's name ({@code X-Qkdchain-Peer}). */
  static final Pattern PEER = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private final AuthRejections rejections;
  private final Clock clock;
  private final long skewMillis;

  PeerRequestChecks(AuthRejections rejections, Clock clock, Duration clockSkew) {
    this.rejections = rejections;
    this.clock = clock;
    this.skewMillis = clockSkew.toMillis();
  }

  long skewMillis() {
    return skewMillis;
  }

  long nowMillis() {
    return clock.millis();
  }

  /** The claimed sender, refused (401) when its name is malformed. */
  PeerId claimedPeer(HttpServletRequest request, String peer) {
    if (!PEER.matcher(peer).matches()) {
      throw refuse(request, null, Reason.MALFORMED_HEADERS, 401, "malformed peer credentials");
    }
    return PeerId.of(peer);
  }

  /** Refused (403) unless {@code sender} is another member of this cluster. */
  void requireMember(HttpServletRequest request, PeerId sender, boolean member) {
    if (!member) {
      throw refuse(
          request,
          sender.value(),
          Reason.NOT_A_MEMBER,
          403,
          sender + " is no other member of this cluster");
    }
  }

  /** The request's timestamp, refused (401) when further than the allowed skew from this clock. */
  long freshTimestamp(HttpServletRequest request, String peer, String timestamp) {
    long stamped = Long.parseLong(timestamp);
    if (Math.abs(clock.millis() - stamped) > skewMillis) {
      throw refuse(
          request,
          peer,
          Reason.STALE_TIMESTAMP,
          401,
          "request timestamp is more than " + skewMillis + " ms from this peer's clock");
    }
    return stamped;
  }

  /** A verified sender may speak only as itself (else 403). */
  PeerCaller speakingOnlyAs(HttpServletRequest request, PeerId sender) {
    return claimed -> {
      if (!sender.equals(claimed)) {
        throw refuse(
            request,
            sender.value(),
            Reason.SENDER_MISMATCH,
            403,
            sender + " may not send messages as " + claimed);
      }
      return sender;
    };
  }

  /** Records the refusal and returns the exception that answers it. */
  PeerRejectedException refuse(
      HttpServletRequest request, String peer, Reason reason, int status, String message) {
    rejections.record(
        reason, request.getMethod() + " " + request.getRequestURI(), peer, request.getRemoteAddr());
    return new PeerRejectedException(status, message);
  }

  /** The request target as both ends canonicalise it: path and query, as sent. */
  static String target(HttpServletRequest request) {
    String query = request.getQueryString();
    return request.getRequestURI() + (query == null ? "" : "?" + query);
  }
}
