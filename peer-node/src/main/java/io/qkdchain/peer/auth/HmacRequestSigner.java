package io.qkdchain.peer.auth;

import io.qkdchain.peer.consensus.PeerId;
import io.qkdchain.peer.transport.PeerRequestSigner;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;

/** Signs outgoing peer requests with the link's HMAC key (docs/messages.md). */
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
