package io.qkdchain.peer.auth;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** An epoch's HMAC-SHA256 key ({@code qkd} mode). */
public final class HmacLinkSecret implements LinkSecret {

  private static final String ALGORITHM = "HmacSHA256";

  private final byte[] key;
  private volatile boolean destroyed;

  /** Takes ownership of {@code key}. */
  HmacLinkSecret(byte[] key) {
    this.key = key;
  }

  public byte[] mac(byte[] data) {
    if (destroyed) {
      throw new RetiredLinkKeyException();
    }
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(key, ALGORITHM));
      byte[] result = mac.doFinal(data);
      if (destroyed) {
        // Retired while computing: the key may have been zeroed under us.
        throw new RetiredLinkKeyException();
      }
      return result;
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  @Override
  public void destroy() {
    destroyed = true;
    Arrays.fill(key, (byte) 0);
  }

  @Override
  public String toString() {
    return "HmacLinkSecret[256 bits]";
  }
}
