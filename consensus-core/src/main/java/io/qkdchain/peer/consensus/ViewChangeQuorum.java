package io.qkdchain.peer.consensus;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code ViewChange} messages the proposer of a view {@code v > 0} collected for it, one per
 * peer, with the locks they reported at this height.
 */
final class ViewChangeQuorum {

  private final Round round;
  private final Map<PeerId, Optional<VoteLock>> reports = new LinkedHashMap<>();

  ViewChangeQuorum(Round round) {
    this.round = round;
  }

  Round round() {
    return round;
  }

  /** Records a peer's report; a lock from another height, or from this view or later, is void. */
  void add(PeerId peer, Optional<VoteLock> lock) {
    reports.putIfAbsent(
        peer,
        lock.filter(l -> l.round().height() == round.height() && l.round().view() < round.view()));
  }

  int size() {
    return reports.size();
  }

  /** The reported lock of the highest view: the block that the new view must propose again. */
  Optional<VoteLock> highestLock() {
    return reports.values().stream()
        .flatMap(Optional::stream)
        .max((a, b) -> Integer.compare(a.round().view(), b.round().view()));
  }
}
