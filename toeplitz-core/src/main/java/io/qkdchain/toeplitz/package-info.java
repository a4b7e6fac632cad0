/**
 * Toeplitz MACs exactly as docs/toeplitz.md defines them: the {@code full} and {@code lfsr}
 * families, the round-key layout ({@link io.qkdchain.toeplitz.RoundKey}), single-use pads and the
 * hashed signature. Start from {@link io.qkdchain.toeplitz.RoundKey#of}.
 */
package io.qkdchain.toeplitz;
