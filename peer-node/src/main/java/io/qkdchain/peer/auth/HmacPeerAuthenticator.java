package io.qkdchain.peer.auth;

import io.qkdchain.peer.auth.AuthRejections.Reason;
import io.qkdchain.peer.consensus.PeerId;
import io.qkdchain.peer.transport.PeerAuthenticator;
import io.qkdchain.peer.transport.PeerCaller;
import io.qkdchain.peer.transport.PeerRejectedException;
import jakarta.servlet.http.HttpServletRequest;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Verifies the per-link HMAC of a peer request (docs/messages.md, "Peer authentication"). Before
 * the body is read: headers present and well formed (else 401), sender another member (else 403),
 * timestamp within the clock skew (else 401). Then over the body: MAC equal in constant time, nonce
 * not seen before (else 401). The verified sender may then speak only as itself (else 403).
 */
public final class HmacPeerAuthenticator implements PeerAuthenticator {

  private static final Pattern TIMESTAMP = Pattern.compile("[0-9]{1,15}");
  private static final Pattern NONCE = Pattern.compile("[0-9a-f]{32}");
  private static final Pattern MAC = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern PEER = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private final PeerId self;
  private final LinkKeys keys;
  private final long skewMillis;
  private final NonceCache nonces;
  private final Clock clock;
  private final AuthRejections rejections;

  public HmacPeerAuthenticator(
      PeerId self,
      LinkKeys keys,
      Duration clockSkew,
      int maxNoncesPerPeer,
      Clock clock,
      AuthRejections rejections) {
    this.self = self;
    this.keys = keys;
    this.skewMillis = clockSkew.toMillis();
    this.nonces = new NonceCache(skewMillis, maxNoncesPerPeer);
    this.clock = clock;
    this.rejections = rejections;
  }

  /** The credential headers once checked for form, membership and freshness. */
  private record Credentials(PeerId sender, long timestamp, String nonce, String mac) {}

  @Override
  public void precheck(HttpServletRequest request) {
    credentials(request);
  }

  @Override
  public PeerCaller verify(HttpServletRequest request, byte[] body) {
    Credentials credentials = credentials(request);
    PeerId sender = credentials.sender();
    CanonicalRequest canonical =
        CanonicalRequest.of(
            request.getMethod(),
            target(request),
            sender,
            self,
            credentials.timestamp(),
            credentials.nonce(),
            body);
    byte[] expected = keys.mac(sender, canonical.bytes());
    if (!MessageDigest.isEqual(expected, HexFormat.of().parseHex(credentials.mac()))) {
      throw refuse(request, sender.value(), Reason.BAD_MAC, 401, "peer authentication failed");
    }
    NonceCache.Verdict verdict =
        nonces.use(sender, credentials.nonce(), credentials.timestamp(), clock.millis());
    if (verdict != NonceCache.Verdict.FRESH) {
      throw refuse(
          request, sender.value(), Reason.REPLAYED_NONCE, 401, "replayed or outdated request");
    }
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

  private Credentials credentials(HttpServletRequest request) {
    String peer = request.getHeader(CanonicalRequest.PEER_HEADER);
    String timestamp = request.getHeader(CanonicalRequest.TIMESTAMP_HEADER);
    String nonce = request.getHeader(CanonicalRequest.NONCE_HEADER);
    String mac = request.getHeader(CanonicalRequest.AUTH_HEADER);
    if (peer == null || timestamp == null || nonce == null || mac == null) {
      throw refuse(request, null, Reason.MISSING_HEADERS, 401, "peer authentication required");
    }
    if (!PEER.matcher(peer).matches()) {
      throw refuse(request, null, Reason.MALFORMED_HEADERS, 401, "malformed peer credentials");
    }
    if (!TIMESTAMP.matcher(timestamp).matches()
        || !NONCE.matcher(nonce).matches()
        || !MAC.matcher(mac).matches()) {
      throw refuse(request, peer, Reason.MALFORMED_HEADERS, 401, "malformed peer credentials");
    }
    PeerId sender = PeerId.of(peer);
    if (!keys.shares(sender)) {
      throw refuse(
          request, peer, Reason.NOT_A_MEMBER, 403, sender + " is no other member of this cluster");
    }
    long stamped = Long.parseLong(timestamp);
    if (Math.abs(clock.millis() - stamped) > skewMillis) {
      throw refuse(
          request,
          peer,
          Reason.STALE_TIMESTAMP,
          401,
          "request timestamp is more than " + skewMillis + " ms from this peer's clock");
    }
    return new Credentials(sender, stamped, nonce, mac);
  }

  /** Nonces remembered for a peer (for tests of the bound). */
  int noncesHeld(PeerId peer) {
    return nonces.size(peer);
  }

  private static String target(HttpServletRequest request) {
    String query = request.getQueryString();
    return request.getRequestURI() + (query == null ? "" : "?" + query);
  }

  private PeerRejectedException refuse(
      HttpServletRequest request, String peer, Reason reason, int status, String message) {
    rejections.record(
        reason, request.getMethod() + " " + request.getRequestURI(), peer, request.getRemoteAddr());
    return new PeerRejectedException(status, message);
  }
}
