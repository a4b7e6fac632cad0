package io.qkdchain.peer.consensus;

import io.qkdchain.peer.consensus.PeerMessage.Phase;
import java.util.Optional;

/**
 * When a block is safe to propose and to echo in a view (docs/protocol.md, "Justification"), as
 * pure functions of what this peer heard directly: its own lock and the accept votes it counted.
 * Rules E1 and E2 of the protocol, named as there.
 */
final class Justification {

  private Justification() {}

  /** The outcome of checking a proposal's justification. */
  record Verdict(Kind kind, String reason) {
    enum Kind {
      OK,
      /** Not yet: more reports or accepts may still arrive in this view. */
      WAIT,
      /** Never in this view. */
      REFUSE
    }

    static final Verdict OK = new Verdict(Kind.OK, "");

    static Verdict waitFor(String reason) {
      return new Verdict(Kind.WAIT, reason);
    }

    static Verdict refuse(String reason) {
      return new Verdict(Kind.REFUSE, reason);
    }
  }

  /** A lock reduced to what the rules compare: its view and block hash. */
  record LockPoint(int view, String blockHash) {}

  /**
   * Whether this peer may echo {@code blockHash} proposed in {@code round} with justification
   * {@code justifyView}.
   *
   * @param ownLock this peer's lock at the height
   * @param accepts the accept votes counted at the height
   */
  static Verdict check(
      Round round,
      String blockHash,
      int justifyView,
      Optional<LockPoint> ownLock,
      Ballots accepts,
      Membership membership) {
    boolean fresh = justifyView == PeerMessage.Proposal.FRESH;
    // E1: never below one's own lock, unless it is the locked block itself.
    if (ownLock.isPresent()
        && !ownLock.get().blockHash().equals(blockHash)
        && (fresh || ownLock.get().view() > justifyView)) {
      return Verdict.refuse(
          "locked on another block at view "
              + ownLock.get().view()
              + ", above the justification "
              + justifyView);
    }
    if (round.view() == 0) {
      return fresh ? Verdict.OK : Verdict.refuse("a view-0 proposal names a justification");
    }
    // E2: the justification is real: f + 1 members accepted this block in that view.
    if (!fresh
        && accepts.count(Phase.ACCEPT, justifyView, blockHash) < membership.learnThreshold()
        && !ownLock.equals(Optional.of(new LockPoint(justifyView, blockHash)))) {
      return Verdict.waitFor(
          "fewer than "
              + membership.learnThreshold()
              + " members accepted the block in view "
              + justifyView);
    }
    return Verdict.OK;
  }
}
