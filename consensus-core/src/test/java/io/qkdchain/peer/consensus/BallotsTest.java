package io.qkdchain.peer.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdchain.peer.consensus.Ballots.Outcome;
import io.qkdchain.peer.consensus.PeerMessage.Phase;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The vote tally's bounds, filled past them directly: one entry per member, phase and view however
 * many votes a member sends, and only the {@link Ballots#MAX_VIEWS} highest views kept.
 */
class BallotsTest {

  private static final List<PeerId> MEMBERS =
      List.of(PeerId.of("peer-1"), PeerId.of("peer-2"), PeerId.of("peer-3"), PeerId.of("peer-4"));
  private static final PeerId LIAR = MEMBERS.get(1);

  private final Random random = new Random(16);
  private final Ballots ballots = new Ballots();

  @Test
  void ten_thousand_votes_of_one_member_in_one_view_hold_one_entry_per_phase_its_first() {
    String[] first = new String[Phase.values().length];
    int equivocations = 0;
    int duplicates = 0;
    List<String> hashes = IntStream.range(0, 8).mapToObj(i -> hash()).toList();
    for (int i = 0; i < 10_000; i++) {
      Phase phase = Phase.values()[random.nextInt(Phase.values().length)];
      String hash = hashes.get(random.nextInt(hashes.size()));
      Outcome outcome = ballots.add(phase, 0, LIAR, hash);
      String kept = first[phase.ordinal()];
      if (kept == null) {
        first[phase.ordinal()] = hash;
        assertThat(outcome).isEqualTo(Outcome.NEW);
      } else if (kept.equals(hash)) {
        assertThat(outcome).isEqualTo(Outcome.DUPLICATE);
        duplicates++;
      } else {
        assertThat(outcome).isEqualTo(Outcome.EQUIVOCATION);
        equivocations++;
      }
      assertThat(ballots.size())
          .as("entries after %d votes", i + 1)
          .isLessThanOrEqualTo(Phase.values().length);
    }

    assertThat(ballots.size()).isEqualTo(Phase.values().length);
    assertThat(duplicates).isPositive();
    assertThat(equivocations).isPositive();
    for (Phase phase : Phase.values()) {
      String kept = first[phase.ordinal()];
      assertThat(ballots.votesOf(phase, LIAR)).as("%s", phase).containsExactly(entry(0, kept));
      assertThat(ballots.count(phase, 0, kept)).isEqualTo(1);
      for (String other : hashes) {
        if (!other.equals(kept)) {
          assertThat(ballots.count(phase, 0, other)).as("%s for another block", phase).isZero();
        }
      }
    }
  }

  @Test
  void votes_in_more_views_than_the_bound_keep_only_the_highest_views() {
    int views = 3 * Ballots.MAX_VIEWS;
    String block = hash();
    int bound = Ballots.MAX_VIEWS * Phase.values().length * MEMBERS.size();
    for (int view = 0; view < views; view++) {
      for (Phase phase : Phase.values()) {
        for (PeerId member : MEMBERS) {
          assertThat(ballots.add(phase, view, member, block)).isEqualTo(Outcome.NEW);
        }
      }
      assertThat(ballots.size()).as("entries after view %d", view).isLessThanOrEqualTo(bound);
    }

    assertThat(ballots.size()).isEqualTo(bound);
    List<Integer> kept =
        IntStream.range(views - Ballots.MAX_VIEWS, views).boxed().sorted((a, b) -> b - a).toList();
    assertThat(ballots.viewsDescending()).isEqualTo(kept);
    int oldest = views - Ballots.MAX_VIEWS;
    assertThat(ballots.count(Phase.ECHO, oldest - 1, block)).as("an evicted view").isZero();
    assertThat(ballots.count(Phase.ECHO, oldest, block)).isEqualTo(MEMBERS.size());
    assertThat(ballots.votesOf(Phase.LOCK, LIAR).keySet())
        .containsExactlyElementsOf(IntStream.range(oldest, views).boxed().toList());
  }

  @Test
  void a_vote_older_than_every_view_kept_is_refused_and_a_newer_one_evicts_the_oldest() {
    String block = hash();
    for (int view = 10; view < 10 + Ballots.MAX_VIEWS; view++) {
      ballots.add(Phase.ECHO, view, LIAR, block);
    }
    int size = ballots.size();

    assertThat(ballots.add(Phase.ECHO, 9, MEMBERS.get(0), block)).isEqualTo(Outcome.TOO_OLD);
    assertThat(ballots.add(Phase.LOCK, 0, MEMBERS.get(0), block)).isEqualTo(Outcome.TOO_OLD);
    assertThat(ballots.size()).isEqualTo(size);
    assertThat(ballots.viewsDescending()).hasSize(Ballots.MAX_VIEWS).last().isEqualTo(10);

    assertThat(ballots.add(Phase.ECHO, 10 + Ballots.MAX_VIEWS, LIAR, block)).isEqualTo(Outcome.NEW);
    assertThat(ballots.size()).isEqualTo(size);
    assertThat(ballots.viewsDescending())
        .hasSize(Ballots.MAX_VIEWS)
        .startsWith(10 + Ballots.MAX_VIEWS)
        .last()
        .isEqualTo(11);
    assertThat(ballots.count(Phase.ECHO, 10, block)).isZero();
  }

  private static java.util.Map.Entry<Integer, String> entry(int view, String hash) {
    return java.util.Map.entry(view, hash);
  }

  private String hash() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
