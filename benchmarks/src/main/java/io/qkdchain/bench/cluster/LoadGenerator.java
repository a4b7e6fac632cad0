package io.qkdchain.bench.cluster;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps {@code concurrency} transactions in flight, each one a {@code wait=true} submission, so the
 * latency of each is what a client sees from sending to commit, measured under the load of all the
 * others. Each transaction in flight is a connection of its own ({@link SubmissionLanes}), the
 * connections spread over the peers in turn.
 */
final class LoadGenerator {

  private static final Duration POLL_INTERVAL = Duration.ofMillis(20);
  private static final int ERRORS_KEPT = 5;

  /** The stretch over which progress and the JSON report the rate, so warm-up shows. */
  static final Duration INTERVAL = Duration.ofSeconds(10);

  /**
   * @param elapsed from the first submission to the last commit
   * @param intervals commits per {@link #INTERVAL} from the first submission
   * @param errors the first few failures, to say what went wrong
   */
  record Outcome(
      long submitted,
      long committed,
      long failed,
      Duration elapsed,
      LatencySummary latency,
      List<ThroughputInterval> intervals,
      List<String> errors) {

    double committedPerSecond() {
      double seconds = elapsed.toNanos() / 1e9;
      return seconds > 0 ? committed / seconds : 0;
    }
  }

  private final PeerClient client;
  private final List<URI> peers;
  private final int concurrency;
  private final Payloads payloads;
  private final Duration timeout;
  private final PrintStream progress;

  LoadGenerator(PeerClient client, BenchOptions options, PrintStream progress) {
    this.client = client;
    this.peers = options.peers();
    this.concurrency = options.concurrency();
    this.payloads = new Payloads(options.sizeBytes());
    this.timeout = options.requestTimeout();
    this.progress = progress;
  }

  /** Submits {@code count} transactions, or keeps submitting for {@code duration}. */
  Outcome run(long count, Duration duration, String label) throws InterruptedException {
    Latencies latencies = new Latencies();
    AtomicLong submitted = new AtomicLong();
    AtomicLong committed = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicLong lastCommit = new AtomicLong();
    AtomicInteger inFlight = new AtomicInteger();
    List<String> errors = new CopyOnWriteArrayList<>();
    long start = System.nanoTime();
    long end = duration == null ? Long.MAX_VALUE : start + duration.toNanos();

    SubmissionLanes.Listener tally =
        new SubmissionLanes.Listener() {
          @Override
          public boolean takeTicket() {
            // Called on the lanes' one event-loop thread only.
            boolean more = duration == null ? submitted.get() < count : System.nanoTime() < end;
            if (more) {
              submitted.incrementAndGet();
              inFlight.incrementAndGet();
            }
            return more;
          }

          @Override
          public String nextPayload() {
            return payloads.next();
          }

          @Override
          public CompletableFuture<Void> answered(
              URI peer, long sentNanos, PeerClient.Submission answer) {
            return settle(peer, sentNanos, answer)
                .handle(
                    (ignored, failure) -> {
                      long now = System.nanoTime();
                      if (failure == null) {
                        latencies.add(now - sentNanos, now);
                        committed.incrementAndGet();
                        lastCommit.accumulateAndGet(now, Math::max);
                      } else {
                        count(peer, failure);
                      }
                      inFlight.decrementAndGet();
                      return null;
                    });
          }

          @Override
          public void failed(URI peer, long sentNanos, Throwable cause) {
            count(peer, cause);
            inFlight.decrementAndGet();
          }

          private void count(URI peer, Throwable failure) {
            failed.incrementAndGet();
            if (errors.size() < ERRORS_KEPT) {
              errors.add(peer + ": " + rootMessage(failure));
            }
          }
        };

    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    Progress line = new Progress(label, start, latencies, committed, failed);
    ticker.scheduleAtFixedRate(
        () -> line.print(progress, submitted.get(), inFlight.get()), 1, 1, TimeUnit.SECONDS);
    // Each lane's answer ends within the timeout (an overdue one is dropped as failed), and polling
    // is bounded by it too: so is the whole run.
    Duration patience =
        duration != null
            ? duration.plus(timeout).plus(timeout).plusSeconds(10)
            : timeout.multipliedBy(2 * (count / concurrency + 2)).plusSeconds(10);
    try (SubmissionLanes lanes = new SubmissionLanes(tally, client::submission, timeout)) {
      if (!lanes.run(peers, concurrency, patience)) {
        errors.add("some transactions neither committed nor failed in time");
      }
    } finally {
      ticker.shutdownNow();
    }
    long finished = committed.get() > 0 ? lastCommit.get() : System.nanoTime();
    long lost = submitted.get() - committed.get() - failed.get();
    return new Outcome(
        submitted.get(),
        committed.get(),
        failed.get() + lost,
        Duration.ofNanos(finished - start),
        latencies.summary(),
        latencies.intervals(start, finished, INTERVAL),
        List.copyOf(errors));
  }

  /**
   * Completes once the transaction of this answer is committed, exceptionally on a refusal or
   * timeout: at once for a committed or refused one; polled for one the server accepted but whose
   * wait ran out first.
   */
  private CompletableFuture<Long> settle(URI peer, long sentNanos, PeerClient.Submission answer) {
    if (answer.committed()) {
      return CompletableFuture.completedFuture(answer.blockIndex());
    }
    if (answer.accepted() && answer.id() != null) {
      return poll(peer, answer.id(), sentNanos + timeout.toNanos());
    }
    return CompletableFuture.failedFuture(
        new IllegalStateException("HTTP " + answer.status() + ": " + brief(answer.body())));
  }

  private CompletableFuture<Long> poll(URI peer, String id, long deadline) {
    if (System.nanoTime() > deadline) {
      return CompletableFuture.failedFuture(
          new IllegalStateException("transaction " + id + " not committed within " + timeout));
    }
    return CompletableFuture.supplyAsync(
            () -> null,
            CompletableFuture.delayedExecutor(POLL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS))
        .thenCompose(ignored -> client.lookUp(peer, id))
        .thenCompose(
            answer ->
                answer.committed()
                    ? CompletableFuture.completedFuture(answer.blockIndex())
                    : poll(peer, id, deadline));
  }

  private static String rootMessage(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getClass().getSimpleName() + ": " + cause.getMessage();
  }

  private static String brief(String body) {
    String flat = body == null ? "" : body.replaceAll("\\s+", " ");
    return flat.length() > 200 ? flat.substring(0, 200) + "..." : flat;
  }

  /**
   * One progress line per second: totals, the rate over the last second and the latency of the last
   * {@link #INTERVAL}; and one line per {@link #INTERVAL} with its rate, so a cluster still warming
   * up shows as a rising rate.
   */
  private static final class Progress {
    private final String label;
    private final long start;
    private final Latencies latencies;
    private final AtomicLong committed;
    private final AtomicLong failed;
    private long previousCommitted;
    private long intervalStart;
    private int intervalFirst;

    Progress(
        String label, long start, Latencies latencies, AtomicLong committed, AtomicLong failed) {
      this.label = label;
      this.start = start;
      this.latencies = latencies;
      this.committed = committed;
      this.failed = failed;
      this.intervalStart = start;
    }

    void print(PrintStream out, long submitted, int inFlight) {
      long now = committed.get();
      long rate = now - previousCommitted;
      previousCommitted = now;
      long clock = System.nanoTime();
      int seen = latencies.count();
      LatencySummary recent = latencies.summarySince(intervalFirst);
      out.println(
          String.format(
              Locale.ROOT,
              "%s %4ds  submitted %d  committed %d  failed %d  in flight %d  %d tx/s  p50 %.1f ms"
                  + "  p99 %.1f ms",
              label,
              (clock - start) / 1_000_000_000L,
              submitted,
              now,
              failed.get(),
              inFlight,
              rate,
              recent.p50(),
              recent.p99()));
      if (clock - intervalStart >= INTERVAL.toNanos()) {
        out.println(
            String.format(
                Locale.ROOT,
                "%s %4ds-%ds: %.0f tx/s  p50 %.1f ms  p99 %.1f ms",
                label,
                Math.round((intervalStart - start) / 1e9),
                Math.round((clock - start) / 1e9),
                (seen - intervalFirst) / ((clock - intervalStart) / 1e9),
                recent.p50(),
                recent.p99()));
        intervalStart = clock;
        intervalFirst = seen;
      }
    }
  }
}
