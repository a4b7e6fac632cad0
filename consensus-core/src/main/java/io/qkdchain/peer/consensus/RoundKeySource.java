package io.qkdchain.peer.consensus;

import java.util.concurrent.CompletionStage;

/**
 * Round keys shared between this peer and another, per link: from the KMEs (ETSI GS QKD 014) or, in
 * classical mode, from a CSPRNG. Implementations must not block the caller and may be called from
 * any thread.
 */
public interface RoundKeySource {

  /** Master side: a fresh key of {@code bits} bits shared with {@code slave}, and its handle. */
  CompletionStage<IssuedRoundKey> issue(PeerId slave, int bits);

  /** Slave side: the same {@code bits} bits, obtained from the handle the master sent. */
  CompletionStage<byte[]> obtain(PeerId master, KeyHandle handle, int bits);

  /** A key the master holds, and the handle to send to the slave. */
  record IssuedRoundKey(KeyHandle handle, byte[] keyBytes) {}
}
