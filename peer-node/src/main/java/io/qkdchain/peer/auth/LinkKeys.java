package io.qkdchain.peer.auth;

import io.qkdchain.peer.consensus.PeerId;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMAC-SHA256 keys this peer shares with each other peer, one per unordered pair, so the same
 * key signs both directions of a link. Never printed.
 */
public final class LinkKeys {

  private static final String ALGORITHM = "HmacSHA256";

  private final Map<PeerId, SecretKeySpec> keys = new HashMap<>();

  public LinkKeys(Map<PeerId, byte[]> secrets) {
    secrets.forEach((peer, secret) -> keys.put(peer, new SecretKeySpec(secret, ALGORITHM)));
  }

  public boolean shares(PeerId peer) {
    return keys.containsKey(peer);
  }

  public Set<PeerId> peers() {
    return Set.copyOf(keys.keySet());
  }

  /** The MAC of {@code data} under the key shared with {@code peer}. */
  public byte[] mac(PeerId peer, byte[] data) {
    SecretKeySpec key = keys.get(peer);
    if (key == null) {
      throw new IllegalArgumentException("no link secret is configured for " + peer);
    }
    try {
      // A Mac is not thread-safe and cheap to create; requests run on many threads.
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(data);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  @Override
  public String toString() {
    return "LinkKeys[" + keys.keySet() + "]";
  }
}
