package io.qkdchain.bench.cluster;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Load generator for a running cluster: committed transactions per second, commit latency
 * percentiles, QKD key bits per committed transaction and whether all chains agree afterwards. Run
 * by scripts/bench.sh; see {@link BenchOptions#USAGE}.
 */
public final class ClusterBench {

  private static final Duration CATCH_UP_PATIENCE = Duration.ofSeconds(30);

  private final BenchOptions options;
  private final PrintStream out;
  private final ObjectMapper json =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  public ClusterBench(BenchOptions options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (BenchOptions.UsageRequested help) {
      System.out.print(BenchOptions.USAGE);
      return;
    } catch (IllegalArgumentException e) {
      System.err.println("ClusterBench: " + e.getMessage());
      System.err.print(BenchOptions.USAGE);
      System.exit(2);
      return;
    }
    BenchResult result = new ClusterBench(options, System.out).run();
    boolean clean = result.failed() == 0 && result.chains().identical() && result.committed() > 0;
    System.exit(clean ? 0 : 1);
  }

  public BenchResult run() throws InterruptedException, IOException {
    ExecutorService executor = Executors.newFixedThreadPool(4);
    try {
      HttpClient http =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(5))
              .executor(executor)
              .build();
      PeerClient peers = new PeerClient(http, json, options.requestTimeout());
      LoadGenerator load = new LoadGenerator(peers, options, out);
      Optional<KeyConsumption> keys = options.simulator().map(sim -> new KeyConsumption(sim, json));

      ChainAgreement agreement = new ChainAgreement(peers);
      long heightBefore = agreement.lowestHeight(options.peers());
      if (options.warmup() > 0) {
        LoadGenerator.Outcome warm = load.run(options.warmup(), null, "warm-up");
        out.printf("warm-up: %d committed, %d failed%n", warm.committed(), warm.failed());
      }
      keys.ifPresent(KeyConsumption::reset);
      Instant startedAt = Instant.now();
      LoadGenerator.Outcome outcome = load.run(options.count(), options.duration(), "bench");
      Long keyBits = keys.map(KeyConsumption::bitsConsumed).orElse(null);
      ChainVerdict chains = agreement.check(options.peers(), CATCH_UP_PATIENCE, heightBefore);

      BenchResult result =
          new BenchResult(
              startedAt,
              options.peers().stream().map(URI::toString).toList(),
              options.concurrency(),
              options.sizeBytes(),
              outcome.submitted(),
              outcome.committed(),
              outcome.failed(),
              outcome.elapsed().toNanos() / 1e9,
              outcome.committedPerSecond(),
              outcome.latency(),
              outcome.intervals(),
              keyBits,
              keyBits == null || outcome.committed() == 0
                  ? null
                  : (double) keyBits / outcome.committed(),
              chains,
              outcome.errors());
      outcome.errors().forEach(error -> out.println("error: " + error));
      out.println(result.summaryLine());
      if (options.out().isPresent()) {
        Path file = options.out().get();
        if (file.getParent() != null) {
          Files.createDirectories(file.getParent());
        }
        Files.writeString(file, json.writeValueAsString(result));
        out.println("written: " + file);
      }
      return result;
    } finally {
      executor.shutdownNow();
    }
  }
}
