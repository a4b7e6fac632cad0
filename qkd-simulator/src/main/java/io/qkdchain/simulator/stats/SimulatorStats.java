package io.qkdchain.simulator.stats;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.qkdchain.simulator.kme.SaePair;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.stereotype.Component;

/**
 * Counters of key consumption and traffic since start or the last reset; benchmarks read key
 * consumption from here. Lock-free: every call of every peer passes through it.
 */
@Component
public class SimulatorStats {

  private final Clock clock;
  private final Map<SaePair, PairCounters> pairs = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> qrngErrors = new ConcurrentHashMap<>();
  private final LongAdder faultsInjected = new LongAdder();
  private final AtomicReference<Instant> since;

  public SimulatorStats(Clock clock) {
    this.clock = clock;
    this.since = new AtomicReference<>(clock.instant());
  }

  public void keysMade(SaePair pair, int keys, long bits) {
    PairCounters counters = pairs.computeIfAbsent(pair, p -> new PairCounters());
    counters.keysMade.add(keys);
    counters.bitsMade.add(bits);
  }

  public void keysRead(SaePair pair, int keys, long bits) {
    PairCounters counters = pairs.computeIfAbsent(pair, p -> new PairCounters());
    counters.keysRead.add(keys);
    counters.bitsRead.add(bits);
  }

  public void request(String operation) {
    requests.computeIfAbsent(operation, k -> new LongAdder()).increment();
  }

  public void error(int httpStatus) {
    errors.computeIfAbsent(String.valueOf(httpStatus), k -> new LongAdder()).increment();
  }

  public void qrngError(int innerStatus) {
    qrngErrors.computeIfAbsent(String.valueOf(innerStatus), k -> new LongAdder()).increment();
  }

  public void faultInjected() {
    faultsInjected.increment();
  }

  public void reset() {
    pairs.clear();
    requests.clear();
    errors.clear();
    qrngErrors.clear();
    faultsInjected.reset();
    since.set(clock.instant());
  }

  public Snapshot snapshot() {
    List<PairStats> pairStats =
        pairs.entrySet().stream()
            .map(e -> e.getValue().toStats(e.getKey()))
            .sorted(Comparator.comparing(PairStats::master).thenComparing(PairStats::slave))
            .toList();
    long keysMade = pairStats.stream().mapToLong(PairStats::keysMade).sum();
    long bitsMade = pairStats.stream().mapToLong(PairStats::bitsMade).sum();
    long keysRead = pairStats.stream().mapToLong(PairStats::keysRead).sum();
    long bitsRead = pairStats.stream().mapToLong(PairStats::bitsRead).sum();
    return new Snapshot(
        since.get(),
        clock.instant(),
        new Totals(keysMade, bitsMade, keysRead, bitsRead),
        pairStats,
        sums(requests),
        sums(errors),
        sums(qrngErrors),
        faultsInjected.sum());
  }

  private static Map<String, Long> sums(Map<String, LongAdder> counters) {
    Map<String, Long> sums = new TreeMap<>();
    counters.forEach((name, adder) -> sums.put(name, adder.sum()));
    return sums;
  }

  private static final class PairCounters {
    final LongAdder keysMade = new LongAdder();
    final LongAdder bitsMade = new LongAdder();
    final LongAdder keysRead = new LongAdder();
    final LongAdder bitsRead = new LongAdder();

    PairStats toStats(SaePair pair) {
      return new PairStats(
          pair.master(),
          pair.slave(),
          keysMade.sum(),
          bitsMade.sum(),
          keysRead.sum(),
          bitsRead.sum());
    }
  }

  /** What {@code GET /sim/stats} answers. */
  public record Snapshot(
      Instant since,
      Instant at,
      Totals totals,
      List<PairStats> pairs,
      Map<String, Long> requests,
      Map<String, Long> errors,
      @JsonProperty("qrng_errors") Map<String, Long> qrngErrors,
      @JsonProperty("faults_injected") long faultsInjected) {}

  /** Sums over all pairs. */
  public record Totals(
      @JsonProperty("keys_made") long keysMade,
      @JsonProperty("bits_made") long bitsMade,
      @JsonProperty("keys_read") long keysRead,
      @JsonProperty("bits_read") long bitsRead) {}

  /**
   * Key flow of one ordered pair: made = handed to the master by enc_keys, read = handed to the
   * slave by dec_keys.
   */
  public record PairStats(
      @JsonProperty("master_SAE_ID") String master,
      @JsonProperty("slave_SAE_ID") String slave,
      @JsonProperty("keys_made") long keysMade,
      @JsonProperty("bits_made") long bitsMade,
      @JsonProperty("keys_read") long keysRead,
      @JsonProperty("bits_read") long bitsRead) {}
}
