package io.qkdchain.peer.dashboard;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.qkdchain.peer.consensus.Misbehaviour;
import io.qkdchain.peer.consensus.PeerId;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dashboard's misbehaviour view: for each other member, how many instances of each kind this
 * peer has proven to itself since it started. Read from {@code qkdchain.member.misbehaviour}, the
 * counters {@link io.qkdchain.peer.metrics.ConsensusMetrics} owns, so the page and Prometheus can
 * never disagree.
 */
final class MisbehaviourTable {

  static final String METER = "qkdchain.member.misbehaviour";

  /** One member's row: a count for every kind (zeros included) and their sum. */
  record Row(String member, Map<String, Long> counts, long total) {}

  /** The kinds in column order, and one row per other member in peer order. */
  record Table(List<String> kinds, List<Row> rows) {}

  private final MeterRegistry registry;
  private final List<PeerId> others;

  MisbehaviourTable(MeterRegistry registry, List<PeerId> others) {
    this.registry = registry;
    this.others = List.copyOf(others);
  }

  Table read() {
    List<String> kinds = Arrays.stream(Misbehaviour.values()).map(Misbehaviour::wireName).toList();
    Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
    for (PeerId member : others) {
      Map<String, Long> row = new LinkedHashMap<>();
      kinds.forEach(kind -> row.put(kind, 0L));
      counts.put(member.value(), row);
    }
    for (Counter counter : registry.find(METER).counters()) {
      Map<String, Long> row = counts.get(counter.getId().getTag("member"));
      String kind = counter.getId().getTag("kind");
      if (row != null && row.containsKey(kind)) {
        row.merge(kind, (long) counter.count(), Long::sum);
      }
    }
    List<Row> rows =
        counts.entrySet().stream()
            .map(
                e ->
                    new Row(
                        e.getKey(),
                        e.getValue(),
                        e.getValue().values().stream().mapToLong(Long::longValue).sum()))
            .toList();
    return new Table(kinds, rows);
  }
}
