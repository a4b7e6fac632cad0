package io.qkdchain.bench.cluster;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether every peer holds the same chain: the block hashes from a given index on, compared index
 * by index. Each block's hash covers the previous block's hash, so equal hashes at one index mean
 * equal chains up to it: a benchmark compares the blocks from just before its run, not a chain of
 * millions of transactions through rate-limited pages. Peers that lag a little behind the entry
 * peers are given time to catch up before the verdict.
 */
final class ChainAgreement {

  private static final int PAGE = 50;

  private final PeerClient client;

  ChainAgreement(PeerClient client) {
    this.client = client;
  }

  /** The lowest height among {@code peers} now: where a later {@link #check} may start. */
  long lowestHeight(List<URI> peers) {
    return peers.stream().mapToLong(client::height).min().orElse(0);
  }

  /**
   * @param fromIndex the first block compared; the block before it (if any) is compared too, so the
   *     verdict covers the chains up to there
   */
  ChainVerdict check(List<URI> peers, Duration patience, long fromIndex)
      throws InterruptedException {
    long first = Math.max(0, fromIndex - 1);
    Map<URI, List<String>> chains = new LinkedHashMap<>();
    peers.forEach(peer -> chains.put(peer, new ArrayList<>()));
    long deadline = System.nanoTime() + patience.toNanos();
    while (true) {
      for (Map.Entry<URI, List<String>> chain : chains.entrySet()) {
        readNewBlocks(chain.getKey(), chain.getValue(), first);
      }
      if (sameHeight(chains) || System.nanoTime() > deadline) {
        return compare(chains, first);
      }
      Thread.sleep(200);
    }
  }

  private void readNewBlocks(URI peer, List<String> hashes, long first) {
    // Until an empty page: a peer may cap a page below what was asked for.
    while (true) {
      List<String> page = client.blockHashes(peer, first + hashes.size(), PAGE);
      if (page.isEmpty()) {
        return;
      }
      hashes.addAll(page);
    }
  }

  private static boolean sameHeight(Map<URI, List<String>> chains) {
    return chains.values().stream().mapToInt(List::size).distinct().count() == 1;
  }

  private static ChainVerdict compare(Map<URI, List<String>> chains, long first) {
    Map<String, Long> heights = new LinkedHashMap<>();
    chains.forEach((peer, hashes) -> heights.put(peer.toString(), first + hashes.size()));
    if (!sameHeight(chains)) {
      return new ChainVerdict(false, heights, null, "heights differ after waiting: " + heights);
    }
    List<URI> peers = List.copyOf(chains.keySet());
    List<String> reference = chains.get(peers.get(0));
    for (URI peer : peers.subList(1, peers.size())) {
      List<String> hashes = chains.get(peer);
      for (int index = 0; index < reference.size(); index++) {
        if (!reference.get(index).equals(hashes.get(index))) {
          return new ChainVerdict(
              false,
              heights,
              null,
              "block "
                  + index
                  + " differs: "
                  + peers.get(0)
                  + " has "
                  + reference.get(index)
                  + ", "
                  + peer
                  + " has "
                  + hashes.get(index));
        }
      }
    }
    String tip = reference.isEmpty() ? null : reference.get(reference.size() - 1);
    return new ChainVerdict(true, heights, tip, "");
  }
}
