/**
 * Randomness for the voting order: a client for the Quantum Blockchains QRNG web API, a {@link
 * io.qkdchain.qrng.RandomSource} abstraction with QRNG and SecureRandom implementations, unbiased
 * permutations (Fisher-Yates with rejection sampling) and a configurable fallback policy.
 */
package io.qkdchain.qrng;
