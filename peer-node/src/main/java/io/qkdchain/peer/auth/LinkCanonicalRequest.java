package io.qkdchain.peer.auth;

import io.qkdchain.peer.consensus.PeerId;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * What a tag under a QKD link key covers (docs/messages.md, "Link authentication"): the lines
 *
 * <pre>
 * QKDCHAIN-LINK-AUTH-v1
 * mode (qkd or qkd-wegman-carter)
 * method
 * raw path[?raw query]
 * sender
 * receiver
 * epoch (decimal)
 * first key ID of the epoch
 * </pre>
 *
 * then, for {@code qkd}, the timestamp, the nonce and the lowercase hex SHA-256 of the body, all
 * joined by {@code \n} with no trailing newline; for {@code qkd-wegman-carter}, the pad position, a
 * {@code \n} and the body bytes themselves (no hash: the tag is information-theoretic only if the
 * Toeplitz hash sees every bit).
 */
record LinkCanonicalRequest(
    String mode,
    String method,
    String target,
    PeerId sender,
    PeerId receiver,
    long epoch,
    String keyId) {

  static final String VERSION = "QKDCHAIN-LINK-AUTH-v1";

  static final String EPOCH_HEADER = "X-Qkdchain-Link-Epoch";
  static final String KEY_ID_HEADER = "X-Qkdchain-Link-Key-Id";
  static final String PAD_HEADER = "X-Qkdchain-Pad";

  byte[] hmacBytes(long timestampMillis, String nonce, byte[] body) {
    return String.join(
            "\n", head(), Long.toString(timestampMillis), nonce, CanonicalRequest.sha256Hex(body))
        .getBytes(StandardCharsets.UTF_8);
  }

  byte[] wegmanCarterBytes(int pad, byte[] body) {
    byte[] head = (head() + "\n" + pad + "\n").getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(head.length + body.length);
    out.writeBytes(head);
    out.writeBytes(body);
    return out.toByteArray();
  }

  private String head() {
    return String.join(
        "\n",
        VERSION,
        mode,
        method,
        target,
        sender.value(),
        receiver.value(),
        Long.toString(epoch),
        keyId);
  }
}
