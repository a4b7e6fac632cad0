package io.qkdchain.peer.auth;

import io.qkdchain.peer.consensus.PeerId;
import io.qkdchain.peer.transport.PeerRequestSigner;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Signs outgoing peer requests with the static secret shared with the receiver ({@code
 * qkdchain.peer-auth.mode=hmac}, docs/messages.md "Peer authentication").
 */
public final class HmacRequestSigner implements PeerRequestSigner {

  private static final int NONCE_BYTES = 16;

  private final PeerId self;
  private final LinkKeys keys;
  private final Clock clock;
  private final SecureRandom random;

  public HmacRequestSigner(PeerId self, LinkKeys keys, Clock clock, SecureRandom random) {
    this.self = self;
    this.keys = keys;
    this.clock = clock;
    this.random = random;
  }

  @Override
  public CompletionStage<Signature> sign(PeerId to, String method, String target, byte[] body) {
    return CompletableFuture.completedFuture(
        new Signature(headers(to, method, target, body), null));
  }

  /** The four credential headers of one request. */
  public Map<String, String> headers(PeerId to, String method, String target, byte[] body) {
    byte[] nonceBytes = new byte[NONCE_BYTES];
    random.nextBytes(nonceBytes);
    String nonce = HexFormat.of().formatHex(nonceBytes);
    long now = clock.millis();
    CanonicalRequest canonical = CanonicalRequest.of(method, target, self, to, now, nonce, body);
    return Map.of(
        CanonicalRequest.PEER_HEADER, self.value(),
        CanonicalRequest.TIMESTAMP_HEADER, Long.toString(now),
        CanonicalRequest.NONCE_HEADER, nonce,
        CanonicalRequest.AUTH_HEADER, HexFormat.of().formatHex(keys.mac(to, canonical.bytes())));
  }
}
