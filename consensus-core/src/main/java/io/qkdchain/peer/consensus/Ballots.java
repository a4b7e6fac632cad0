package io.qkdchain.peer.consensus;

import io.qkdchain.peer.consensus.PeerMessage.Phase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The votes counted at one height: for each phase and view, the first block hash each member voted
 * for, as heard directly from that member. A member counts once per phase and view; a second,
 * different vote is equivocation and counts nothing. Bounded: at most {@code N} entries per phase
 * and view, and only the {@link #MAX_VIEWS} highest views are kept (views only grow by timeouts
 * that double, so older ones are long over).
 */
final class Ballots {

  static final int MAX_VIEWS = 32;

  /** What became of one vote. */
  enum Outcome {
    /** Counted. */
    NEW,
    /** The same vote again; counted once already. */
    DUPLICATE,
    /** A different block than this member's earlier vote of the same phase and view. */
    EQUIVOCATION,
    /** For a view older than every view kept. */
    TOO_OLD
  }

  private record Slot(Phase phase, int view) {}

  private final Map<Slot, Map<PeerId, String>> votes = new HashMap<>();
  private final TreeSet<Integer> views = new TreeSet<>();

  Outcome add(Phase phase, int view, PeerId voter, String blockHash) {
    if (!views.contains(view)) {
      if (views.size() >= MAX_VIEWS) {
        if (view < views.first()) {
          return Outcome.TOO_OLD;
        }
        int dropped = views.pollFirst();
        votes.keySet().removeIf(slot -> slot.view() == dropped);
      }
      views.add(view);
    }
    Map<PeerId, String> slot =
        votes.computeIfAbsent(new Slot(phase, view), s -> new LinkedHashMap<>());
    String earlier = slot.putIfAbsent(voter, blockHash);
    if (earlier == null) {
      return Outcome.NEW;
    }
    return earlier.equals(blockHash) ? Outcome.DUPLICATE : Outcome.EQUIVOCATION;
  }

  int count(Phase phase, int view, String blockHash) {
    Map<PeerId, String> slot = votes.get(new Slot(phase, view));
    if (slot == null) {
      return 0;
    }
    int n = 0;
    for (String hash : slot.values()) {
      if (hash.equals(blockHash)) {
        n++;
      }
    }
    return n;
  }

  /** The members whose vote of {@code phase} in {@code view} named {@code blockHash}, in order. */
  List<PeerId> voters(Phase phase, int view, String blockHash) {
    List<PeerId> voters = new ArrayList<>();
    votes
        .getOrDefault(new Slot(phase, view), Map.of())
        .forEach(
            (voter, hash) -> {
              if (hash.equals(blockHash)) {
                voters.add(voter);
              }
            });
    voters.sort(null);
    return voters;
  }

  /** The block that at least {@code threshold} members voted for in {@code phase} and view. */
  Optional<String> reaching(Phase phase, int view, int threshold) {
    Map<PeerId, String> slot = votes.get(new Slot(phase, view));
    if (slot == null || slot.size() < threshold) {
      return Optional.empty();
    }
    Map<String, Integer> tally = new HashMap<>();
    for (String hash : slot.values()) {
      if (tally.merge(hash, 1, Integer::sum) >= threshold) {
        return Optional.of(hash);
      }
    }
    return Optional.empty();
  }

  /** The block {@code voter} voted for in each view where it cast a {@code phase} vote. */
  Map<Integer, String> votesOf(Phase phase, PeerId voter) {
    Map<Integer, String> cast = new java.util.TreeMap<>();
    votes.forEach(
        (slot, byVoter) -> {
          String hash = slot.phase() == phase ? byVoter.get(voter) : null;
          if (hash != null) {
            cast.put(slot.view(), hash);
          }
        });
    return cast;
  }

  /** The views with any vote, highest first. */
  List<Integer> viewsDescending() {
    return new ArrayList<>(views.descendingSet());
  }

  /** Entries held, for bounds checks. */
  int size() {
    return votes.values().stream().mapToInt(Map::size).sum();
  }
}
