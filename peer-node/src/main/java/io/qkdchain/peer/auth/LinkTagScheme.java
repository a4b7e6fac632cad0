package io.qkdchain.peer.auth;

import io.qkdchain.toeplitz.BitString;
import io.qkdchain.toeplitz.LfsrKey;
import io.qkdchain.toeplitz.LfsrToeplitzHash;
import java.util.Arrays;

/**
 * How one epoch's QKD key becomes the secret that tags requests (docs/messages.md, "Link
 * authentication"): a 256-bit HMAC-SHA256 key ({@code qkd}), or a Toeplitz hash key and a run of
 * one-time pads ({@code qkd-wegman-carter}).
 */
public sealed interface LinkTagScheme {

  /** Bits of QKD key one epoch takes. */
  int keyBits();

  /** The epoch's secret; {@code keyBytes} is zeroed. */
  LinkSecret secret(byte[] keyBytes);

  String wireName();

  /** {@code qkd}: HMAC-SHA256 under a 256-bit key per epoch. */
  record Hmac() implements LinkTagScheme {
    public static final int KEY_BITS = 256;

    @Override
    public int keyBits() {
      return KEY_BITS;
    }

    @Override
    public LinkSecret secret(byte[] keyBytes) {
      return new HmacLinkSecret(keyBytes);
    }

    @Override
    public String wireName() {
      return "qkd";
    }
  }

  /**
   * {@code qkd-wegman-carter}: bits {@code [0, 2t)} of the epoch key derive an lfsr Toeplitz hash
   * (docs/toeplitz.md, the lfsr layout), reused for the epoch; pad {@code i} is bits {@code [2t + i
   * t, 2t + (i+1) t)}, each masking one request's tag.
   */
  record WegmanCarter(int tagBits, int pads) implements LinkTagScheme {

    @Override
    public int keyBits() {
      return (pads + 2) * tagBits;
    }

    @Override
    public LinkSecret secret(byte[] keyBytes) {
      try {
        BitString bits = BitString.fromBytes(keyBytes);
        LfsrToeplitzHash hash =
            new LfsrToeplitzHash(LfsrKey.derive(tagBits, bits.slice(0, 2 * tagBits)));
        return new WegmanCarterLinkSecret(
            hash, bits.slice(2 * tagBits, (pads + 2) * tagBits), tagBits, pads);
      } finally {
        Arrays.fill(keyBytes, (byte) 0);
      }
    }

    @Override
    public String wireName() {
      return "qkd-wegman-carter";
    }
  }
}
