package io.qkdchain.peer.auth;

import io.qkdchain.toeplitz.BitString;
import io.qkdchain.toeplitz.LfsrToeplitzHash;
import io.qkdchain.toeplitz.OneTimePad;
import java.util.BitSet;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An epoch's Toeplitz hash and one-time pads ({@code qkd-wegman-carter}). The sender takes pads in
 * order and never twice ({@link #takePad}); the receiver accepts each pad position once ({@link
 * #claimPad}), which is also what stops a replay.
 */
public final class WegmanCarterLinkSecret implements LinkSecret {

  private final LfsrToeplitzHash hash;
  private final int tagBits;
  private final int pads;
  private final AtomicInteger nextPad = new AtomicInteger();
  private final BitSet claimed = new BitSet();
  private volatile BitString padBits;

  WegmanCarterLinkSecret(LfsrToeplitzHash hash, BitString padBits, int tagBits, int pads) {
    this.hash = hash;
    this.padBits = padBits;
    this.tagBits = tagBits;
    this.pads = pads;
  }

  public int tagBits() {
    return tagBits;
  }

  public int pads() {
    return pads;
  }

  /** Sender: the next unused pad position, or empty when the epoch has none left. */
  public OptionalInt takePad() {
    int pad = nextPad.getAndUpdate(n -> n < pads ? n + 1 : n);
    return pad < pads ? OptionalInt.of(pad) : OptionalInt.empty();
  }

  /** Sender: pads left to take. */
  public int padsLeft() {
    return pads - nextPad.get();
  }

  /** Receiver: marks a pad position used; false when it was used before (a replay). */
  public synchronized boolean claimPad(int pad) {
    requirePosition(pad);
    if (claimed.get(pad)) {
      return false;
    }
    claimed.set(pad);
    return true;
  }

  /** Receiver: pad positions accepted so far. */
  public synchronized int padsClaimed() {
    return claimed.cardinality();
  }

  /**
   * {@code hash(message) XOR pad}: the tag bits, most significant bit of each byte first. Computing
   * it does not by itself spend the pad: the caller takes or claims the position.
   */
  public byte[] tag(int pad, byte[] message) {
    requirePosition(pad);
    BitString bits = padBits;
    if (bits == null) {
      throw new RetiredLinkKeyException();
    }
    OneTimePad once = OneTimePad.of(bits.slice(pad * tagBits, (pad + 1) * tagBits));
    return once.mask(hash.hash(message)).toBytes();
  }

  private void requirePosition(int pad) {
    if (pad < 0 || pad >= pads) {
      throw new IllegalArgumentException("pad position " + pad + " is outside [0, " + pads + ")");
    }
  }

  @Override
  public void destroy() {
    padBits = null;
  }

  @Override
  public String toString() {
    return "WegmanCarterLinkSecret[" + tagBits + "-bit tags, " + pads + " pads]";
  }
}
