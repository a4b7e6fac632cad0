package io.qkdchain.peer.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Catch-up (docs/protocol.md, "Catch-up") on one real engine, peer-3 of four ({@code f = 1}), whose
 * catch-up requests the test answers with chosen chains. Nothing is believed second-hand: a block
 * is appended only when {@code f + 1} members answered with it at its index, or when it links by
 * previous hashes within one answer to such a block above it; an answer naming another block where
 * {@code f + 1} attest one is evidence {@code false-catch-up}.
 */
class CatchUpTest {

  private static final PeerId P1 = OneEngine.P1;
  private static final PeerId P2 = OneEngine.P2;
  private static final PeerId P4 = OneEngine.P4;

  private final OneEngine one = new OneEngine();

  @Test
  void one_member_alone_is_not_believed() {
    one.chainsOf.put(P1, chain("a", 3));
    askAll();
    assertThat(one.engine.height()).as("f members attest nothing").isEqualTo(1);
  }

  @Test
  void f_plus_1_members_with_the_same_chain_are_believed() {
    List<CommittedBlock> chain = chain("a", 3);
    one.chainsOf.put(P1, chain);
    one.chainsOf.put(P4, chain);
    askAll();
    assertThat(one.chain.hashes()).isEqualTo(hashes(chain));
    assertThat(one.events.misbehaviour).isEmpty();
  }

  @Test
  void two_members_with_different_chains_are_not_believed_and_the_odd_one_out_is_named() {
    List<CommittedBlock> a = chain("a", 3);
    one.chainsOf.put(P1, a);
    one.chainsOf.put(P2, chain("b", 3));
    askAll();
    assertThat(one.engine.height()).as("one attestation each").isEqualTo(1);
    assertThat(one.events.misbehaviour).isEmpty();

    one.chainsOf.put(P4, a);
    askAll();
    assertThat(one.chain.hashes()).isEqualTo(hashes(a));
    assertThat(one.events.misbehaviour)
        .extracting(RecordingEvents.Evidence::member, RecordingEvents.Evidence::kind)
        .containsOnly(org.assertj.core.groups.Tuple.tuple(P2, Misbehaviour.FALSE_CATCH_UP));
  }

  @Test
  void a_block_one_member_sent_is_adopted_when_it_links_to_a_block_f_plus_1_attest_above_it() {
    List<CommittedBlock> a = chain("a", 3);
    // peer-1 answers (first) with the top block only: blocks 1 and 2 are attested by peer-4 alone,
    // but they link, in peer-4's answer, to block 3, which both attest.
    one.chainsOf.put(P1, a.subList(3, 4));
    one.chainsOf.put(P4, a);
    askAll();
    assertThat(one.chain.hashes()).isEqualTo(hashes(a));
  }

  @Test
  void an_attested_top_block_is_not_adopted_through_an_answer_that_does_not_link_to_it() {
    List<CommittedBlock> a = chain("a", 3);
    List<CommittedBlock> forged = new ArrayList<>(chain("b", 2));
    forged.add(a.get(3));
    // peer-1 puts its own blocks 1 and 2 under the block 3 both attest: they do not link to it.
    one.chainsOf.put(P1, forged);
    one.chainsOf.put(P4, a.subList(3, 4));
    askAll();
    assertThat(one.engine.height()).isEqualTo(1);
  }

  @Test
  void an_answer_that_does_not_link_does_not_stop_one_that_does_from_being_used() {
    List<CommittedBlock> a = chain("a", 3);
    List<CommittedBlock> forged = new ArrayList<>(chain("b", 2));
    forged.add(a.get(3));
    one.chainsOf.put(P1, forged);
    one.chainsOf.put(P4, a);
    askAll();
    assertThat(one.chain.hashes()).isEqualTo(hashes(a));
  }

  @Test
  void a_proposal_timestamped_before_the_tip_is_refused_as_an_invalid_block() {
    List<CommittedBlock> a = chain("a", 1);
    one.chainsOf.put(P1, a);
    one.chainsOf.put(P4, a);
    askAll();
    assertThat(one.engine.height()).isEqualTo(2);
    // Height 2, view 0: peer-3 leads it; view 1 (peer-4's) is reached by two view changes.
    one.moveTo(new Round(2, 1));
    Block early =
        new Block(
            2,
            a.get(1).block().hash(),
            SimulatedLoop.EPOCH_MILLIS - 1,
            List.of(new Transaction("early", "early")));
    one.propose(new Round(2, 1), P4, early, PeerMessage.Proposal.FRESH);
    assertThat(one.votes(PeerMessage.Phase.ECHO)).isEmpty();
    assertThat(one.events.misbehaviour)
        .extracting(RecordingEvents.Evidence::member, RecordingEvents.Evidence::kind)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(P4, Misbehaviour.INVALID_BLOCK));
  }

  @Test
  void a_block_that_does_not_hash_to_its_attested_hash_is_never_appended() {
    List<CommittedBlock> a = chain("a", 1);
    CommittedBlock real = a.get(1);
    Block other = block(1, real.block().previousBlockHash(), "other");
    CommittedBlock mislabelled = new CommittedBlock(other, real.certificate());
    List<CommittedBlock> lie = List.of(CommittedBlock.genesis(), mislabelled);
    one.chainsOf.put(P1, lie);
    one.chainsOf.put(P4, lie);
    askAll();
    assertThat(one.engine.height()).isEqualTo(1);
  }

  @Test
  void a_block_whose_certificate_names_another_height_is_never_appended() {
    Block b = block(1, Block.genesis().hash(), "a");
    CommittedBlock wrongHeight =
        new CommittedBlock(b, new CommitCertificate(new Round(2, 0), b.hash(), List.of(P1)));
    List<CommittedBlock> lie = List.of(CommittedBlock.genesis(), wrongHeight);
    one.chainsOf.put(P1, lie);
    one.chainsOf.put(P4, lie);
    askAll();
    assertThat(one.engine.height()).isEqualTo(1);
  }

  @Test
  void a_peer_more_than_one_batch_behind_asks_again_until_it_has_caught_up() {
    List<CommittedBlock> chain = chain("a", 2 * CatchUp.BATCH + 5);
    one.chainsOf.put(P1, chain);
    one.chainsOf.put(P4, chain);
    askAll();
    assertThat(one.chain.hashes()).isEqualTo(hashes(chain));
  }

  /** A vote for a later height sends peer-3 to catch up from every member. */
  private void askAll() {
    long ahead = one.engine.height() + 1;
    one.engine.receive(
        P2, new PeerMessage.Vote(new Round(ahead, 0), PeerMessage.Phase.COMMIT, "00".repeat(32)));
    one.time.runFor(10);
  }

  /** Genesis and {@code length} blocks above it, each with one transaction named by {@code tag}. */
  private static List<CommittedBlock> chain(String tag, int length) {
    List<CommittedBlock> chain = new ArrayList<>(List.of(CommittedBlock.genesis()));
    for (long i = 1; i <= length; i++) {
      Block b = block(i, chain.get(chain.size() - 1).certificate().blockHash(), tag);
      chain.add(
          new CommittedBlock(
              b, new CommitCertificate(new Round(i, 0), b.hash(), List.of(P1, P2, P4))));
    }
    return chain;
  }

  private static Block block(long index, String previous, String tag) {
    return new Block(
        index,
        previous,
        SimulatedLoop.EPOCH_MILLIS,
        List.of(new Transaction(tag + "-" + index, tag + " " + index)));
  }

  private static List<String> hashes(List<CommittedBlock> chain) {
    return chain.stream().map(b -> b.certificate().blockHash()).toList();
  }
}
