package io.qkdchain.toeplitz;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@code t}-bit pad that masks exactly one hash. Reusing a pad on two messages would hand an
 * attacker the XOR of their hashes, so the second use is refused rather than trusted to callers.
 */
public final class OneTimePad {

  private final BitString bits;
  private final AtomicBoolean used = new AtomicBoolean();

  private OneTimePad(BitString bits) {
    this.bits = bits;
  }

  public static OneTimePad of(BitString bits) {
    Objects.requireNonNull(bits, "bits");
    if (bits.isEmpty()) {
      throw new IllegalArgumentException("a one-time pad needs at least one bit");
    }
    return new OneTimePad(bits);
  }

  public int length() {
    return bits.length();
  }

  public boolean isUsed() {
    return used.get();
  }

  /** {@code hash XOR pad}; the first call only, from any thread. */
  public BitString mask(BitString hash) {
    if (hash.length() != bits.length()) {
      throw new IllegalArgumentException(
          "a " + bits.length() + "-bit pad cannot mask a " + hash.length() + "-bit hash");
    }
    if (!used.compareAndSet(false, true)) {
      throw new PadReuseException();
    }
    return hash.xor(bits);
  }

  @Override
  public String toString() {
    return "OneTimePad[" + bits.length() + " bits, " + (isUsed() ? "used" : "unused") + "]";
  }
}
