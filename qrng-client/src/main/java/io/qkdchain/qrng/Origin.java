package io.qkdchain.qrng;

/** Which generator served a draw, so callers can report QRNG orders apart from fallback orders. */
public enum Origin {
  QRNG,
  SECURE_RANDOM
}
