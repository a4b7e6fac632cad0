package io.qkdchain.peer.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdchain.peer.consensus.Justification.LockPoint;
import io.qkdchain.peer.consensus.PeerMessage.Phase;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What the proposer of a view after a view change proposes (docs/protocol.md, "Choosing the
 * block"), against one real engine, peer-3, which leads view 9 of height 1; the test plays the
 * other three members. Block A gathered accepts in view 2, block B in view 6; the reports of view 9
 * name a lock on A (heard first) and a lock on B. The liveness argument needs the proposer to
 * re-propose the highest reported lock: the members locked on B refuse anything justified below
 * view 6 (rule E1), so a proposal of A would cost the view.
 */
class ProposerChoiceTest {

  private static final PeerId P1 = OneEngine.P1;
  private static final PeerId P2 = OneEngine.P2;
  private static final PeerId P4 = OneEngine.P4;
  private static final Round VIEW_2 = new Round(1, 2);
  private static final Round VIEW_6 = new Round(1, 6);
  private static final Round VIEW_9 = new Round(1, 9);

  private final OneEngine one = new OneEngine();
  private final Block a = OneEngine.block("a");
  private final Block b = OneEngine.block("b");

  @Test
  void the_proposer_re_proposes_the_highest_reported_lock_not_the_first_it_heard() {
    assertThat(new Membership(OneEngine.MEMBERS, OneEngine.P3, 3).proposer(VIEW_9))
        .isEqualTo(OneEngine.P3);
    one.moveTo(VIEW_2);
    one.propose(VIEW_2, P4, a, PeerMessage.Proposal.FRESH);
    one.moveTo(VIEW_6);
    one.propose(VIEW_6, P4, b, PeerMessage.Proposal.FRESH);

    // The reports of view 9: peer-1's lock on A (view 2) arrives first, then peer-2's on B (view
    // 6).
    report(P1, new LockPoint(2, a.hash()), a);
    report(P2, new LockPoint(6, b.hash()), b);
    assertThat(one.engine.snapshot().round()).isEqualTo(VIEW_9);

    // A's accept quorum of view 2 reaches peer-3 before B's of view 6.
    for (PeerId member : List.of(P1, P2, P4)) {
      one.vote(member, VIEW_2, Phase.ACCEPT, a.hash());
    }
    one.time.runFor(50);
    assertThat(proposals())
        .as("a lock on B in view 6 was reported: A, justified by view 2, is not proposed")
        .isEmpty();

    for (PeerId member : List.of(P1, P2, P4)) {
      one.vote(member, VIEW_6, Phase.ACCEPT, b.hash());
    }
    one.time.runFor(50);
    assertThat(proposals()).as("peer-3's proposals in view 9").isNotEmpty();
    assertThat(proposals())
        .allSatisfy(
            p -> {
              assertThat(p.block().hash()).as("the block proposed").isEqualTo(b.hash());
              assertThat(p.justifyView()).as("its justification").isEqualTo(6);
            });
  }

  private void report(PeerId member, LockPoint lock, Block block) {
    one.engine.receive(
        member,
        new PeerMessage.ViewChange(
            VIEW_9, Optional.of(new VoteLock(new Round(1, lock.view()), block))));
    one.time.runFor(10);
  }

  private List<PeerMessage.Proposal> proposals() {
    return one.sent.stream()
        .filter(m -> m instanceof PeerMessage.Proposal p && p.round().equals(VIEW_9))
        .map(m -> (PeerMessage.Proposal) m)
        .toList();
  }
}
