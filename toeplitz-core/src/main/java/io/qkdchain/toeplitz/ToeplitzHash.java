package io.qkdchain.toeplitz;

/**
 * A keyed Toeplitz hash: the matrix part of the MAC, without the one-time pad. It is linear and may
 * be applied to many messages (tests, diagnostics); a tag for the wire comes only from {@link
 * ToeplitzMac}, which adds the pad once.
 */
public sealed interface ToeplitzHash permits FullToeplitzHash, LfsrToeplitzHash {

  ToeplitzFamily family();

  int tagBits();

  /** Hashes message bytes, most significant bit of each byte first. */
  BitString hash(byte[] message);

  BitString hash(BitString message);
}
