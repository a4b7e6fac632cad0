package io.qkdchain.peer.auth;

import io.qkdchain.peer.config.AccessSettings.LinkKeyTiming;
import io.qkdchain.peer.consensus.PeerId;
import io.qkdchain.peer.keys.LinkKeyStream;
import io.qkdchain.peer.transport.PeerRejectedException;
import io.qkdchain.peer.transport.PeerRequestSigner.Signature;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * Peers whose link authentication runs in this thread over {@link MemoryKmes}, on a clock the test
 * moves: each has its {@link LinkKeyRing}, authenticator and signer; a sender asks a receiver's
 * ring directly where HTTP would carry the {@code GET /peer/v1/link-key}. {@link #post} does what
 * {@code HttpTransport} does: sign, deliver, and sign again once after a 401 under a replaced key.
 */
final class LinkHarness {

  static final String TARGET = "/peer/v1/messages";

  final MemoryKmes kmes = new MemoryKmes();
  final AtomicLong now = new AtomicLong(1_764_000_000_000L);
  final LinkTagScheme scheme;
  final LinkKeyTiming timing;
  private final List<PeerId> peers;
  private final Map<PeerId, LinkKeyRing> rings = new LinkedHashMap<>();
  private final Map<PeerId, QkdLinkAuthenticator> authenticators = new LinkedHashMap<>();
  private final Map<PeerId, QkdLinkSigner> signers = new LinkedHashMap<>();
  final AuthRejections rejections;
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneId getZone() {
          return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return Instant.ofEpochMilli(now.get());
        }
      };

  LinkHarness(LinkTagScheme scheme, LinkKeyTiming timing, List<PeerId> peers) {
    this.scheme = scheme;
    this.timing = timing;
    this.peers = List.copyOf(peers);
    this.rejections = new AuthRejections(clock);
    peers.forEach(this::start);
  }

  static LinkKeyTiming timing(long epochMillis, long graceMillis, long redrawMillis) {
    return new LinkKeyTiming(
        Duration.ofMillis(epochMillis),
        Duration.ofMillis(graceMillis),
        Duration.ofMillis(redrawMillis));
  }

  /** Starts (or restarts, forgetting every key it held) a peer. */
  void start(PeerId self) {
    Map<PeerId, LinkKeyStream> streams = new LinkedHashMap<>();
    for (PeerId other : peers) {
      if (!other.equals(self)) {
        streams.put(other, kmes.stream(self, other));
      }
    }
    SendingLink.Announcements ask =
        (receiver, unreadable) -> rings.get(receiver).receiving(self).asked(unreadable);
    LinkKeyRing ring = new LinkKeyRing(streams, scheme, timing, ask, now::get);
    rings.put(self, ring);
    authenticators.put(
        self,
        new QkdLinkAuthenticator(self, ring, Duration.ofSeconds(30), 4096, clock, rejections));
    signers.put(self, new QkdLinkSigner(self, ring, clock, new SecureRandom()));
  }

  LinkKeyRing ring(PeerId peer) {
    return rings.get(peer);
  }

  QkdLinkSigner signer(PeerId peer) {
    return signers.get(peer);
  }

  void advance(long millis) {
    now.addAndGet(millis);
    rings.values().forEach(LinkKeyRing::maintain);
  }

  /** A signed request, not yet delivered. */
  Signature sign(PeerId from, PeerId to, byte[] body) {
    return signers.get(from).sign(to, "POST", TARGET, body).toCompletableFuture().join();
  }

  /** Delivers a signed request: the receiver's status, and its announcement header if any. */
  record Answer(int status, String announcement, String error) {}

  Answer deliver(PeerId from, PeerId to, Signature signature, byte[] body) {
    MockHttpServletRequest request = new MockHttpServletRequest("POST", TARGET);
    signature.headers().forEach(request::addHeader);
    request.setContent(body);
    MockHttpServletResponse response = new MockHttpServletResponse();
    QkdLinkAuthenticator receiver = authenticators.get(to);
    receiver.annotate(request, response);
    try {
      receiver.precheck(request);
      receiver.verify(request, body).speakingAs(from);
      return new Answer(202, response.getHeader(LinkKeyAnnouncement.HEADER), null);
    } catch (PeerRejectedException refused) {
      return new Answer(
          refused.httpStatus(),
          response.getHeader(LinkKeyAnnouncement.HEADER),
          refused.getMessage());
    }
  }

  /** Signs, delivers, tells the signer the answer, and once more after a 401 if it says so. */
  Answer post(PeerId from, PeerId to, byte[] body) {
    Answer answer = null;
    for (int attempt = 0; attempt < 2; attempt++) {
      Signature signature = sign(from, to, body);
      answer = deliver(from, to, signature, body);
      boolean again =
          signers
              .get(from)
              .answered(to, signature, answer.status(), Optional.ofNullable(answer.announcement()))
              .toCompletableFuture()
              .join();
      if (!again) {
        break;
      }
    }
    return answer;
  }

  /** The signer's attempt as a future, for failures. */
  CompletableFuture<Signature> trySign(PeerId from, PeerId to, byte[] body) {
    return signers.get(from).sign(to, "POST", TARGET, body).toCompletableFuture();
  }
}
