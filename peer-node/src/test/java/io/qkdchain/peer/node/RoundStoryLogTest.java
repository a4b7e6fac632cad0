package io.qkdchain.peer.node;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.qkdchain.peer.consensus.Block;
import io.qkdchain.peer.consensus.CommitCertificate;
import io.qkdchain.peer.consensus.CommittedBlock;
import io.qkdchain.peer.consensus.Misbehaviour;
import io.qkdchain.peer.consensus.PeerId;
import io.qkdchain.peer.consensus.PeerMessage.Phase;
import io.qkdchain.peer.consensus.Round;
import io.qkdchain.peer.consensus.Transaction;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RoundStoryLogTest {

  private static final PeerId P2 = PeerId.of("peer-2");
  private static final PeerId P3 = PeerId.of("peer-3");
  private static final String HASH = "ab".repeat(32);

  private final Logger logger = (Logger) LoggerFactory.getLogger("qkdchain.round");
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final RoundStoryLog story = new RoundStoryLog();
  private Level level;

  @BeforeEach
  void capture() {
    level = logger.getLevel();
    logger.setLevel(Level.DEBUG);
    appender.start();
    logger.addAppender(appender);
  }

  @AfterEach
  void release() {
    logger.detachAppender(appender);
    logger.setLevel(level);
  }

  private List<String> lines(Level at) {
    return appender.list.stream()
        .filter(e -> e.getLevel().equals(at))
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }

  @Test
  void a_round_is_told_as_echo_accept_and_lock_counts_against_the_quorum_then_locked_and_decided() {
    Round round = new Round(4, 1);
    story.voteCast(round, Phase.ECHO, HASH);
    story.voteCounted(round, Phase.ECHO, PeerId.of("peer-1"), 1, 3);
    story.voteCounted(round, Phase.ECHO, P2, 2, 3);
    story.voteCounted(round, Phase.ACCEPT, P3, 3, 3);
    story.locked(round, HASH);
    Block block = new Block(4, HASH, 5, List.of(new Transaction("t", "pay bob")));
    story.committed(
        new CommittedBlock(
            block,
            new CommitCertificate(round, block.hash(), List.of(P2, P3, PeerId.of("peer-4")))),
        12);

    assertThat(lines(Level.DEBUG))
        .containsExactly(
            "Echo sent to all for block abababababab " + round,
            "Echo 1/3 " + round + " (peer-1)",
            "Echo 2/3 " + round + " (peer-2)",
            "Accept 3/3 " + round + " (peer-3)");
    assertThat(lines(Level.INFO))
        .containsExactly(
            "LOCKED on block #4 abababababab " + round,
            "CONSENSUS ACHIEVED: block #4 (1 transactions) in 12 ms, hash "
                + block.hash().substring(0, 12)
                + ", Lock votes from [peer-2, peer-3, peer-4]");
  }

  @Test
  void a_proposal_fetched_along_a_vote_chain_is_told_with_the_order_and_its_origin() {
    Round round = new Round(7, 0);
    story.relayRequested(round, List.of(P3, P2), true);
    story.relayed(round, HASH, P3);
    story.relayRequested(new Round(8, 0), List.of(P2), false);

    assertThat(lines(Level.INFO))
        .containsExactly(
            "No proposal (h=7, v=0) but f + 1 echoes: asking the echoers for the block along a"
                + " vote chain (QRNG): peer-3 -> peer-2",
            "Block abababababab (h=7, v=0) relayed by peer-3",
            "No proposal (h=8, v=0) but f + 1 echoes: asking the echoers for the block along a"
                + " vote chain (SecureRandom): peer-2");
  }

  @Test
  void misbehaviour_is_logged_once_per_member_and_kind_at_warn() {
    for (int i = 0; i < 5; i++) {
      story.misbehaviour(P2, Misbehaviour.EQUIVOCATION, "two different ECHO votes in (h=1, v=0)");
    }
    story.misbehaviour(P2, Misbehaviour.BAD_MAC, "group-signature entry fails under this key");
    story.misbehaviour(P3, Misbehaviour.EQUIVOCATION, "two different view changes");
    story.misbehaviour(P2, Misbehaviour.BAD_MAC, "again");

    List<String> warnings = lines(Level.WARN);
    assertThat(warnings).hasSize(3);
    assertThat(warnings.get(0))
        .startsWith(
            "Member peer-2 misbehaved (equivocation): two different ECHO votes in (h=1, v=0)."
                + " Counted in qkdchain_member_misbehaviour_total");
    assertThat(warnings.get(1)).startsWith("Member peer-2 misbehaved (bad-mac): ");
    assertThat(warnings.get(2)).startsWith("Member peer-3 misbehaved (equivocation): ");
  }

  @Test
  void a_misbehaviour_detail_stays_one_bounded_line() {
    String forged = "line one\nFAKE: CONSENSUS ACHIEVED\r\t" + "x".repeat(500);
    story.misbehaviour(P2, Misbehaviour.INVALID_BLOCK, forged);

    String line = lines(Level.WARN).get(0);
    assertThat(line).doesNotContain("\n").doesNotContain("\r").contains("line one FAKE");
    assertThat(RoundStoryLog.printable(forged))
        .hasSize(RoundStoryLog.MAX_DETAIL_CHARS + 3)
        .endsWith("...");
    assertThat(RoundStoryLog.printable(null)).isEqualTo("-");
  }
}
