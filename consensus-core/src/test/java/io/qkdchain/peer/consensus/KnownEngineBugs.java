package io.qkdchain.peer.consensus;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Engine bugs the Byzantine simulations found and that are not fixed yet, each recognised by its
 * signature in a run that did not settle. Such a run is skipped (reported as skipped, naming the
 * bug) only after all its safety checks passed; any other failure fails. {@code
 * -Dqkdchain.sim.known=true} fails them too, to check a fix. Remove a bug here once it is fixed.
 */
final class KnownEngineBugs {

  /**
   * Liveness: a restarted honest peer keeps its persisted lock but forgets the accept and lock
   * votes it cast at its height (Ballots live in memory only; recover() restores the lock, and
   * repeatEarlierVotes() repeats only what Ballots hold). When the honest accepters of a locked
   * block have restarted (or their votes were lost), no proposer ever gathers a quorum of accepts
   * for it (Proposer.choose), nor receivers f + 1 (rule E3), so it cannot be re-proposed, while its
   * locker refuses every other block (rule E1): the height is never decided.
   */
  static final String LOST_ACCEPTS =
      "engine bug: a restarted peer forgets its accept votes, so a lock can never be re-proposed";

  /**
   * Liveness: a peer that decided height h ignores every message for h ("for a height already
   * decided"). When fewer than f + 1 honest peers decided, the others can neither catch up (that
   * needs f + 1 attestations) nor decide (the decided peers' votes are missing from every later
   * view at h, and f liars stay silent): the height is never decided by them.
   */
  static final String DECIDED_PEER_LEAVES =
      "engine bug: a peer that decided a height no longer helps the others decide it";

  private KnownEngineBugs() {}

  /**
   * The known bug a run that did not settle shows the signature of, if any: a height decided by at
   * least one but fewer than f + 1 honest peers while the other honest peers stay below it ({@link
   * #DECIDED_PEER_LEAVES}); or, after an honest restart, an honest lock at the stuck height whose
   * accepts some honest peer still cannot count f + 1 of, long after the network healed (at least f
   * + 1 honest members accepted it, and each repeats its accept at every view change unless it
   * restarted since) ({@link #LOST_ACCEPTS}).
   */
  static Optional<String> signature(ByzantineCluster cluster) {
    List<ByzantineCluster.Node> honest = cluster.honest();
    long low = cluster.minHonestHeight();
    long ahead = honest.stream().filter(n -> n.chain.height() > low).count();
    int f = Membership.faultsTolerated(cluster.size);
    if (ahead >= 1 && ahead <= f) {
      return Optional.of(DECIDED_PEER_LEAVES);
    }
    boolean restarted = honest.stream().anyMatch(n -> n.incarnation > 1);
    for (ByzantineCluster.Node node : honest) {
      Optional<VoteLock> lock = node.state.loadLock();
      if (restarted
          && lock.isPresent()
          && lock.get().round().height() == low
          && cluster.fewestAcceptsHeard(lock.get()) < f + 1) {
        return Optional.of(LOST_ACCEPTS);
      }
    }
    return Optional.empty();
  }

  /**
   * Skips a run that did not settle because of a known engine bug (its safety checks passed
   * already), unless {@code -Dqkdchain.sim.known=true} asks to fail it; returns the bug, if any.
   */
  static Optional<String> skipIfKnown(ByzantineCluster cluster, boolean settled) {
    if (settled) {
      return Optional.empty();
    }
    Optional<String> bug = signature(cluster);
    if (bug.isPresent() && !Boolean.getBoolean("qkdchain.sim.known")) {
      Assumptions.abort(
          "seed " + cluster.seed + " did not settle: " + bug.get() + " (KnownEngineBugs)");
    }
    return bug;
  }
}
