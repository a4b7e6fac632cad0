package io.qkdchain.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qkdchain.bench.cluster.BenchOptions;
import io.qkdchain.bench.cluster.BenchResult;
import io.qkdchain.bench.cluster.ClusterBench;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What scripts/bench.sh reports, checked against fake peers whose behaviour is known. */
class ClusterBenchTest {

  @TempDir Path dir;

  @Test
  void every_transaction_is_counted_once_with_its_key_bits_and_the_json_matches_the_summary()
      throws Exception {
    try (FakeCluster cluster = new FakeCluster(3, 48)) {
      Path json = dir.resolve("result.json");
      ByteArrayOutputStream console = new ByteArrayOutputStream();
      BenchResult result =
          bench(
              cluster,
              console,
              "--count",
              "300",
              "--concurrency",
              "8",
              "--size",
              "128",
              "--out",
              json.toString());

      assertThat(result.submitted()).isEqualTo(300);
      assertThat(result.committed()).isEqualTo(300);
      assertThat(result.failed()).isZero();
      assertThat(result.keyBitsPerTransaction()).isEqualTo(48.0);
      assertThat(result.chains().identical()).isTrue();
      assertThat(result.chains().heights().values()).containsOnly(301L);
      assertThat(result.latencyMs().p50())
          .isPositive()
          .isLessThanOrEqualTo(result.latencyMs().p99());

      JsonNode written = JsonMapper.builder().build().readTree(Files.readString(json));
      assertThat(written.path("committed").asLong()).isEqualTo(300);
      assertThat(written.path("keyBitsPerTransaction").asDouble()).isEqualTo(48.0);
      assertThat(written.path("chains").path("identical").asBoolean()).isTrue();
      String output = console.toString(StandardCharsets.UTF_8);
      assertThat(
              output
                  .lines()
                  .filter(line -> line.startsWith("committed "))
                  .collect(Collectors.toList()))
          .singleElement()
          .asString()
          .contains("committed 300/300", "key bits/tx 48.0", "chains identical: yes");
    }
  }

  @Test
  void a_peer_whose_last_block_differs_makes_the_chains_not_identical() throws Exception {
    try (FakeCluster cluster = new FakeCluster(2, 10)) {
      cluster.fork(1);
      BenchResult result = bench(cluster, new ByteArrayOutputStream(), "--count", "5");

      assertThat(result.chains().identical()).isFalse();
      assertThat(result.chains().detail()).contains("block 5 differs");
      assertThat(result.summaryLine()).contains("chains identical: NO");
    }
  }

  @Test
  void a_duration_bounded_run_stops_submitting_when_the_time_is_up() throws Exception {
    try (FakeCluster cluster = new FakeCluster(2, 0)) {
      long started = System.nanoTime();
      BenchResult result =
          bench(cluster, new ByteArrayOutputStream(), "--duration", "1.5", "--concurrency", "4");

      assertThat((System.nanoTime() - started) / 1e9).isBetween(1.4, 10.0);
      assertThat(result.committed()).isPositive().isEqualTo(result.submitted());
      assertThat(result.committedPerSecond()).isPositive();
    }
  }

  @Test
  void options_that_cannot_describe_a_run_are_refused_with_the_reason() {
    assertThatThrownBy(() -> BenchOptions.parse("--peers", "http://127.0.0.1:1"))
        .hasMessageContaining("exactly one of --count and --duration");
    assertThatThrownBy(() -> BenchOptions.parse("--peers", "127.0.0.1:8081", "--count", "1"))
        .hasMessageContaining("expected a URL");
    assertThatThrownBy(() -> BenchOptions.parse("--peers", "http://127.0.0.1:1", "--count", "x"))
        .hasMessageContaining("--count must be a whole number");
    assertThatThrownBy(() -> BenchOptions.parse("--count", "3"))
        .hasMessageContaining("--peers names no peer");
  }

  private static BenchResult bench(
      FakeCluster cluster, ByteArrayOutputStream console, String... extra) throws Exception {
    String peers = cluster.peers().stream().map(URI::toString).collect(Collectors.joining(","));
    String[] args = new String[extra.length + 4];
    args[0] = "--peers";
    args[1] = peers;
    args[2] = "--sim-url";
    args[3] = cluster.simulator().toString();
    System.arraycopy(extra, 0, args, 4, extra.length);
    return new ClusterBench(
            BenchOptions.parse(args), new PrintStream(console, true, StandardCharsets.UTF_8))
        .run();
  }
}
