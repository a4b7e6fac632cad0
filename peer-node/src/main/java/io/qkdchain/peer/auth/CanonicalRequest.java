package io.qkdchain.peer.auth;

import io.qkdchain.peer.consensus.PeerId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a peer request's MAC covers (docs/messages.md, "Peer authentication"): the lines
 *
 * <pre>
 * QKDCHAIN-PEER-AUTH-v1
 * method
 * raw path[?raw query]
 * sender
 * receiver
 * timestamp (decimal ms)
 * nonce (32 lowercase hex)
 * lowercase hex SHA-256 of the body
 * </pre>
 *
 * joined by {@code \n}, no trailing newline, UTF-8. Naming the receiver stops a request for one
 * peer being replayed at another; the body hash binds the exact bytes sent.
 */
public record CanonicalRequest(
    String method,
    String target,
    PeerId sender,
    PeerId receiver,
    long timestampMillis,
    String nonce,
    String bodySha256) {

  public static final String VERSION = "QKDCHAIN-PEER-AUTH-v1";

  public static final String PEER_HEADER = "X-Qkdchain-Peer";
  public static final String TIMESTAMP_HEADER = "X-Qkdchain-Timestamp";
  public static final String NONCE_HEADER = "X-Qkdchain-Nonce";
  public static final String AUTH_HEADER = "X-Qkdchain-Auth";

  public static CanonicalRequest of(
      String method,
      String target,
      PeerId sender,
      PeerId receiver,
      long timestampMillis,
      String nonce,
      byte[] body) {
    return new CanonicalRequest(
        method, target, sender, receiver, timestampMillis, nonce, sha256Hex(body));
  }

  public byte[] bytes() {
    String text =
        String.join(
            "\n",
            VERSION,
            method,
            target,
            sender.value(),
            receiver.value(),
            Long.toString(timestampMillis),
            nonce,
            bodySha256);
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static String sha256Hex(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JRE has SHA-256", e);
    }
  }
}
