package io.qkdchain.peer.auth;

import io.qkdchain.peer.auth.AuthRejections.Reason;
import io.qkdchain.peer.consensus.PeerId;
import io.qkdchain.peer.transport.PeerAuthenticator;
import io.qkdchain.peer.transport.PeerCaller;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Verifies a peer request's tag under the QKD key of its link's epoch (docs/messages.md, "Link
 * authentication"), for {@code qkd} (HMAC-SHA256, timestamp and nonce against replay) and {@code
 * qkd-wegman-carter} (Toeplitz hash XOR a one-time pad; the pad position, accepted once, against
 * replay). Before the body is read: headers present and well formed (else 401), the sender another
 * member (else 403), the named epoch the current or previous one of a link that has not expired
 * (else 401). Then over the body: the tag equal in constant time, the nonce or pad fresh (else
 * 401). Every answer carries the announcement of the key the claimed sender should use.
 */
public final class QkdLinkAuthenticator implements PeerAuthenticator {

  private static final Pattern NUMBER = Pattern.compile("[0-9]{1,15}");
  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._~-]{1,128}");
  private static final Pattern NONCE = Pattern.compile("[0-9a-f]{32}");
  private static final Pattern PAD = Pattern.compile("[0-9]{1,9}");

  private final PeerId self;
  private final LinkKeyRing ring;
  private final boolean wegmanCarter;
  private final Pattern tag;
  private final PeerRequestChecks checks;
  private final NonceCache nonces;

  public QkdLinkAuthenticator(
      PeerId self,
      LinkKeyRing ring,
      Duration clockSkew,
      int maxNoncesPerPeer,
      Clock clock,
      AuthRejections rejections) {
    this.self = self;
    this.ring = ring;
    this.wegmanCarter = ring.scheme() instanceof LinkTagScheme.WegmanCarter;
    int tagHex = ring.scheme() instanceof LinkTagScheme.WegmanCarter wc ? wc.tagBits() / 4 : 64;
    this.tag = Pattern.compile("[0-9a-f]{" + tagHex + "}");
    this.checks = new PeerRequestChecks(rejections, clock, clockSkew);
    this.nonces = new NonceCache(checks.skewMillis(), maxNoncesPerPeer);
  }

  /** The credential headers once checked for form, membership, freshness and a known key. */
  private record Credentials(
      PeerId sender, LinkEpoch epoch, long timestamp, String nonce, int pad, String tag) {}

  @Override
  public void precheck(HttpServletRequest request) {
    credentials(request);
  }

  @Override
  public PeerCaller verify(HttpServletRequest request, byte[] body) {
    Credentials c = credentials(request);
    PeerId sender = c.sender();
    LinkCanonicalRequest canonical =
        new LinkCanonicalRequest(
            ring.scheme().wireName(),
            request.getMethod(),
            PeerRequestChecks.target(request),
            sender,
            self,
            c.epoch().number(),
            c.epoch().keyId());
    byte[] expected;
    try {
      if (c.epoch().secret() instanceof WegmanCarterLinkSecret wc) {
        expected = wc.tag(c.pad(), canonical.wegmanCarterBytes(c.pad(), body));
      } else {
        expected =
            ((HmacLinkSecret) c.epoch().secret())
                .mac(canonical.hmacBytes(c.timestamp(), c.nonce(), body));
      }
    } catch (RetiredLinkKeyException retired) {
      // Two rotations happened while this request was read: it is two epochs old now.
      throw checks.refuse(
          request, sender.value(), Reason.OUTDATED_LINK_KEY, 401, "link key epoch is retired");
    }
    if (!MessageDigest.isEqual(expected, HexFormat.of().parseHex(c.tag()))) {
      throw checks.refuse(
          request, sender.value(), Reason.BAD_MAC, 401, "peer authentication failed");
    }
    if (c.epoch().secret() instanceof WegmanCarterLinkSecret wc) {
      if (!wc.claimPad(c.pad())) {
        throw checks.refuse(
            request, sender.value(), Reason.REPLAYED_PAD, 401, "replayed request (pad used)");
      }
    } else {
      NonceCache.Verdict verdict = nonces.use(sender, c.nonce(), c.timestamp(), checks.nowMillis());
      if (verdict != NonceCache.Verdict.FRESH) {
        throw checks.refuse(
            request, sender.value(), Reason.REPLAYED_NONCE, 401, "replayed or outdated request");
      }
    }
    ring.receiving(sender).used(c.epoch());
    return checks.speakingOnlyAs(request, sender);
  }

  @Override
  public void annotate(HttpServletRequest request, HttpServletResponse response) {
    String peer = request.getHeader(CanonicalRequest.PEER_HEADER);
    if (peer == null
        || !PeerRequestChecks.PEER.matcher(peer).matches()
        || !ring.knows(PeerId.of(peer))) {
      return;
    }
    LinkKeyAnnouncement announcement = ring.receiving(PeerId.of(peer)).announcement();
    if (announcement != null) {
      response.setHeader(LinkKeyAnnouncement.HEADER, announcement.format());
    }
  }

  private Credentials credentials(HttpServletRequest request) {
    String peer = request.getHeader(CanonicalRequest.PEER_HEADER);
    String epoch = request.getHeader(LinkCanonicalRequest.EPOCH_HEADER);
    String keyId = request.getHeader(LinkCanonicalRequest.KEY_ID_HEADER);
    String tagHex = request.getHeader(CanonicalRequest.AUTH_HEADER);
    String timestamp = request.getHeader(CanonicalRequest.TIMESTAMP_HEADER);
    String nonce = request.getHeader(CanonicalRequest.NONCE_HEADER);
    String pad = request.getHeader(LinkCanonicalRequest.PAD_HEADER);
    boolean perMode = wegmanCarter ? pad != null : timestamp != null && nonce != null;
    if (peer == null || epoch == null || keyId == null || tagHex == null || !perMode) {
      throw checks.refuse(
          request, null, Reason.MISSING_HEADERS, 401, "peer authentication required");
    }
    PeerId sender = checks.claimedPeer(request, peer);
    boolean wellFormed =
        NUMBER.matcher(epoch).matches()
            && KEY_ID.matcher(keyId).matches()
            && tag.matcher(tagHex).matches()
            && (wegmanCarter
                ? PAD.matcher(pad).matches()
                : NUMBER.matcher(timestamp).matches() && NONCE.matcher(nonce).matches());
    if (!wellFormed) {
      throw checks.refuse(
          request, peer, Reason.MALFORMED_HEADERS, 401, "malformed peer credentials");
    }
    checks.requireMember(request, sender, ring.knows(sender));
    long stamped = wegmanCarter ? 0 : checks.freshTimestamp(request, peer, timestamp);
    LinkEpoch named;
    try {
      named = ring.receiving(sender).accept(Long.parseLong(epoch), keyId);
    } catch (ReceivingLink.Refusal refusal) {
      throw checks.refuse(request, peer, refusal.reason, 401, refusal.getMessage());
    }
    int padPosition = -1;
    if (wegmanCarter) {
      padPosition = Integer.parseInt(pad);
      int pads = ((WegmanCarterLinkSecret) named.secret()).pads();
      if (padPosition >= pads) {
        throw checks.refuse(
            request, peer, Reason.MALFORMED_HEADERS, 401, "pad position beyond the epoch's pads");
      }
    }
    return new Credentials(sender, named, stamped, nonce, padPosition, tagHex);
  }
}
