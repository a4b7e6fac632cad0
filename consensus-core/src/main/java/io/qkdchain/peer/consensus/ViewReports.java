package io.qkdchain.peer.consensus;

import io.qkdchain.peer.consensus.Justification.LockPoint;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code ViewChange} reports this peer holds for its current view {@code v > 0}: one per
 * member, heard directly, with the lock that member reported. The proposer chooses its block from
 * them and every peer checks that choice against its own (docs/protocol.md, "Justification").
 */
final class ViewReports {

  /** What became of one report. */
  enum Outcome {
    NEW,
    DUPLICATE,
    /** A different report for the same view from the same member. */
    EQUIVOCATION
  }

  private final Round round;
  private final Map<PeerId, Optional<LockPoint>> reports = new LinkedHashMap<>();

  ViewReports(Round round) {
    this.round = round;
  }

  Round round() {
    return round;
  }

  Outcome add(PeerId member, Optional<LockPoint> lock) {
    Optional<LockPoint> earlier = reports.putIfAbsent(member, lock);
    if (earlier == null) {
      return Outcome.NEW;
    }
    return earlier.equals(lock) ? Outcome.DUPLICATE : Outcome.EQUIVOCATION;
  }

  int size() {
    return reports.size();
  }

  Map<PeerId, Optional<LockPoint>> byMember() {
    return Collections.unmodifiableMap(reports);
  }

  /** The highest view among the reported locks, or {@link PeerMessage.Proposal#FRESH}. */
  int highestLockView() {
    return reports.values().stream()
        .flatMap(Optional::stream)
        .mapToInt(LockPoint::view)
        .max()
        .orElse(PeerMessage.Proposal.FRESH);
  }
}
