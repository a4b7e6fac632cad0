package io.qkdchain.bench.cluster;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Whether the peers' chains agree.
 *
 * @param identical every peer has the same number of blocks with the same hashes
 * @param heights blocks per peer URL (the index of the next block to commit)
 * @param tipHash the last block's hash when identical, else null
 * @param detail why not identical, or "" when identical
 */
public record ChainVerdict(
    boolean identical, Map<String, Long> heights, String tipHash, String detail) {

  public ChainVerdict {
    heights = Collections.unmodifiableMap(new LinkedHashMap<>(heights));
  }
}
