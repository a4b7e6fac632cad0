package io.qkdchain.peer.storage;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Verification of the stored chain that never holds up an append: new blocks are checked as they
 * land, and the whole file is re-read in the background, one scan at a time, with its own file
 * handle and no store lock.
 */
public interface ChainVerifier {

  /** The latest finished verification: the start-up one until a full re-scan has finished. */
  ChainVerification latest();

  /**
   * Starts a full re-scan in the background unless one is running or the last one finished less
   * than the minimum interval ago.
   *
   * @return the scan now running, if any (started by this call or earlier)
   */
  Optional<CompletableFuture<ChainVerification>> requestScan();

  /** The scan running now, if any. */
  Optional<CompletableFuture<ChainVerification>> running();
}
