package io.qkdchain.peer.consensus;

import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The votes of one round, as sets of {@link VotePair} per block hash, so a duplicate counts once.
 * Only member pairs reach it (the caller checks), so each set holds at most {@code N^2}. In a crash
 * fault model a round names one block; the few extra hashes allowed are for forged or corrupted
 * messages, which must not grow memory.
 */
final class VoteTally {

  private static final int MAX_BLOCKS_PER_ROUND = 4;

  private final Map<String, Set<VotePair>> byBlock = new LinkedHashMap<>();

  /** Adds a vote; true when it is new, false for a duplicate or a hash beyond the bound. */
  boolean add(String blockHash, VotePair vote) {
    Set<VotePair> votes = byBlock.get(blockHash);
    if (votes == null) {
      if (byBlock.size() >= MAX_BLOCKS_PER_ROUND) {
        return false;
      }
      votes = new HashSet<>();
      byBlock.put(blockHash, votes);
    }
    return votes.add(vote);
  }

  int count(String blockHash) {
    Set<VotePair> votes = byBlock.get(blockHash);
    return votes == null ? 0 : votes.size();
  }

  /** The votes for a block in a stable order (by initiator, then voter), for certificates. */
  List<VotePair> votes(String blockHash, Membership membership) {
    Comparator<VotePair> order =
        Comparator.comparingInt((VotePair v) -> membership.indexOf(v.initiator()))
            .thenComparingInt(v -> membership.indexOf(v.voter()));
    return byBlock.getOrDefault(blockHash, Set.of()).stream().sorted(order).toList();
  }

  Set<String> blockHashes() {
    return byBlock.keySet();
  }
}
