package io.qkdchain.peer.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.qkdchain.peer.consensus.Misbehaviour;
import io.qkdchain.peer.consensus.PeerId;
import io.qkdchain.peer.metrics.ConsensusMetrics;
import java.util.List;
import org.junit.jupiter.api.Test;

class MisbehaviourTableTest {

  private static final PeerId P1 = PeerId.of("peer-1");
  private static final PeerId P2 = PeerId.of("peer-2");
  private static final PeerId P3 = PeerId.of("peer-3");
  private static final PeerId P4 = PeerId.of("peer-4");

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ConsensusMetrics metrics = new ConsensusMetrics(registry, P1);
  private final MisbehaviourTable table = new MisbehaviourTable(registry, List.of(P2, P3, P4));

  @Test
  void every_other_member_has_a_row_with_every_kind_even_before_anything_is_proven() {
    MisbehaviourTable.Table read = table.read();
    assertThat(read.kinds())
        .containsExactly(
            "equivocation",
            "bad-mac",
            "not-proposer",
            "invalid-block",
            "contradiction",
            "false-catch-up");
    assertThat(read.rows())
        .extracting(MisbehaviourTable.Row::member)
        .containsExactly("peer-2", "peer-3", "peer-4");
    assertThat(read.rows()).allSatisfy(row -> assertThat(row.total()).isZero());
    assertThat(read.rows().get(0).counts()).hasSize(6).containsEntry("bad-mac", 0L);
  }

  @Test
  void the_rows_show_what_the_metrics_counted_per_member_and_kind() {
    metrics.misbehaviour(P3, Misbehaviour.EQUIVOCATION, "two different ECHO votes");
    metrics.misbehaviour(P3, Misbehaviour.EQUIVOCATION, "two different LOCK votes");
    metrics.misbehaviour(P3, Misbehaviour.FALSE_CATCH_UP, "block 4 differs");
    metrics.misbehaviour(P4, Misbehaviour.NOT_PROPOSER, "proposal for (h=2, v=0)");

    List<MisbehaviourTable.Row> rows = table.read().rows();
    assertThat(rows.get(0).total()).isZero();
    assertThat(rows.get(1).counts())
        .containsEntry("equivocation", 2L)
        .containsEntry("false-catch-up", 1L)
        .containsEntry("bad-mac", 0L);
    assertThat(rows.get(1).total()).isEqualTo(3);
    assertThat(rows.get(2).counts()).containsEntry("not-proposer", 1L);
    assertThat(rows.get(2).total()).isEqualTo(1);
  }
}
