package io.qkdchain.peer.auth;

import io.qkdchain.peer.consensus.PeerId;
import io.qkdchain.peer.transport.PeerRequestSigner;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Tags outgoing peer requests under the receiver's current QKD link key (docs/messages.md, "Link
 * authentication"). With no key at hand it reads one first; with none to be had the request fails
 * and is counted, never sent under weaker authentication.
 */
public final class QkdLinkSigner implements PeerRequestSigner {

  private static final int NONCE_BYTES = 16;
  private static final int ATTEMPTS = 3;

  private final PeerId self;
  private final LinkKeyRing ring;
  private final Clock clock;
  private final SecureRandom random;

  public QkdLinkSigner(PeerId self, LinkKeyRing ring, Clock clock, SecureRandom random) {
    this.self = self;
    this.ring = ring;
    this.clock = clock;
    this.random = random;
  }

  @Override
  public CompletionStage<Signature> sign(PeerId to, String method, String target, byte[] body) {
    SendingLink link = ring.sending(to);
    if (link == null) {
      return CompletableFuture.failedFuture(
          new LinkKeyUnavailableException(to, "no QKD link to it is configured", null));
    }
    return sign(link, to, method, target, body, ATTEMPTS)
        .whenComplete(
            (signature, failure) -> {
              if (failure != null) {
                link.unsent();
              } else {
                link.tagged();
              }
            });
  }

  private CompletionStage<Signature> sign(
      SendingLink link, PeerId to, String method, String target, byte[] body, int attempts) {
    return link.key()
        .thenCompose(
            epoch -> {
              Optional<Signature> signature;
              try {
                signature = tag(epoch, to, method, target, body);
              } catch (RetiredLinkKeyException retired) {
                signature = Optional.empty();
              }
              if (signature.isPresent()) {
                return CompletableFuture.completedFuture(signature.get());
              }
              // Another request took the epoch's last pad, or a newer key replaced it, meanwhile.
              if (attempts <= 1) {
                return CompletableFuture.failedFuture(
                    new LinkKeyUnavailableException(
                        to, "every one-time pad of the link's keys is spent", null));
              }
              return sign(link, to, method, target, body, attempts - 1);
            });
  }

  private Optional<Signature> tag(
      LinkEpoch epoch, PeerId to, String method, String target, byte[] body) {
    LinkCanonicalRequest canonical =
        new LinkCanonicalRequest(
            ring.scheme().wireName(), method, target, self, to, epoch.number(), epoch.keyId());
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(CanonicalRequest.PEER_HEADER, self.value());
    headers.put(LinkCanonicalRequest.EPOCH_HEADER, Long.toString(epoch.number()));
    headers.put(LinkCanonicalRequest.KEY_ID_HEADER, epoch.keyId());
    if (epoch.secret() instanceof WegmanCarterLinkSecret wc) {
      OptionalInt pad = wc.takePad();
      if (pad.isEmpty()) {
        return Optional.empty();
      }
      int position = pad.getAsInt();
      byte[] tag = wc.tag(position, canonical.wegmanCarterBytes(position, body));
      headers.put(LinkCanonicalRequest.PAD_HEADER, Integer.toString(position));
      headers.put(CanonicalRequest.AUTH_HEADER, HexFormat.of().formatHex(tag));
    } else {
      byte[] nonceBytes = new byte[NONCE_BYTES];
      random.nextBytes(nonceBytes);
      String nonce = HexFormat.of().formatHex(nonceBytes);
      long now = clock.millis();
      byte[] mac = ((HmacLinkSecret) epoch.secret()).mac(canonical.hmacBytes(now, nonce, body));
      headers.put(CanonicalRequest.TIMESTAMP_HEADER, Long.toString(now));
      headers.put(CanonicalRequest.NONCE_HEADER, nonce);
      headers.put(CanonicalRequest.AUTH_HEADER, HexFormat.of().formatHex(mac));
    }
    return Optional.of(new Signature(Map.copyOf(headers), epoch));
  }

  @Override
  public CompletionStage<Boolean> answered(
      PeerId to, Signature signature, int status, Optional<String> announcement) {
    SendingLink link = ring.sending(to);
    if (link == null) {
      return CompletableFuture.completedFuture(false);
    }
    return link.answered(announcement.orElse(null), status == 401, (LinkEpoch) signature.key());
  }
}
