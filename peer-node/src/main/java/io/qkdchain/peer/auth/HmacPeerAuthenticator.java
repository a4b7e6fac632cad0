package io.qkdchain.peer.auth;

import io.qkdchain.peer.auth.AuthRejections.Reason;
import io.qkdchain.peer.consensus.PeerId;
import io.qkdchain.peer.transport.PeerAuthenticator;
import io.qkdchain.peer.transport.PeerCaller;
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

  private final PeerId self;
  private final LinkKeys keys;
  private final PeerRequestChecks checks;
  private final NonceCache nonces;

  public HmacPeerAuthenticator(
      PeerId self,
      LinkKeys keys,
      Duration clockSkew,
      int maxNoncesPerPeer,
      Clock clock,
      AuthRejections rejections) {
    this.self = self;
    this.keys = keys;
    this.checks = new PeerRequestChecks(rejections, clock, clockSkew);
    this.nonces = new NonceCache(checks.skewMillis(), maxNoncesPerPeer);
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
            PeerRequestChecks.target(request),
            sender,
            self,
            credentials.timestamp(),
            credentials.nonce(),
            body);
    byte[] expected = keys.mac(sender, canonical.bytes());
    if (!MessageDigest.isEqual(expected, HexFormat.of().parseHex(credentials.mac()))) {
      throw checks.refuse(
          request, sender.value(), Reason.BAD_MAC, 401, "peer authentication failed");
    }
    NonceCache.Verdict verdict =
        nonces.use(sender, credentials.nonce(), credentials.timestamp(), checks.nowMillis());
    if (verdict != NonceCache.Verdict.FRESH) {
      throw checks.refuse(
          request, sender.value(), Reason.REPLAYED_NONCE, 401, "replayed or outdated request");
    }
    return checks.speakingOnlyAs(request, sender);
  }

  private Credentials credentials(HttpServletRequest request) {
    String peer = request.getHeader(CanonicalRequest.PEER_HEADER);
    String timestamp = request.getHeader(CanonicalRequest.TIMESTAMP_HEADER);
    String nonce = request.getHeader(CanonicalRequest.NONCE_HEADER);
    String mac = request.getHeader(CanonicalRequest.AUTH_HEADER);
    if (peer == null || timestamp == null || nonce == null || mac == null) {
      throw checks.refuse(
          request, null, Reason.MISSING_HEADERS, 401, "peer authentication required");
    }
    PeerId sender = checks.claimedPeer(request, peer);
    if (!TIMESTAMP.matcher(timestamp).matches()
        || !NONCE.matcher(nonce).matches()
        || !MAC.matcher(mac).matches()) {
      throw checks.refuse(
          request, peer, Reason.MALFORMED_HEADERS, 401, "malformed peer credentials");
    }
    checks.requireMember(request, sender, keys.shares(sender));
    long stamped = checks.freshTimestamp(request, peer, timestamp);
    return new Credentials(sender, stamped, nonce, mac);
  }

  /** Nonces remembered for a peer (for tests of the bound). */
  int noncesHeld(PeerId peer) {
    return nonces.size(peer);
  }
}
