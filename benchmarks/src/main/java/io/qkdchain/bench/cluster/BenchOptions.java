package io.qkdchain.bench.cluster;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one benchmark run does. Exactly one of {@code count} and {@code duration} bounds the run.
 *
 * @param peers the peers' base URLs; submissions go to them in turn
 * @param count transactions to submit, or 0 when {@code duration} bounds the run
 * @param duration how long to keep submitting, or null when {@code count} bounds the run
 * @param concurrency transactions in flight at once (each is one outstanding {@code wait=true}
 *     request, so latency is the client-observed time to commit)
 * @param sizeBytes bytes of each transaction's text
 * @param warmup transactions sent and committed before measuring (JIT, connections)
 * @param simulator where to reset and read key consumption, if any
 * @param out the JSON report's path, if any
 * @param requestTimeout how long one transaction may take to commit before it counts as failed
 */
public record BenchOptions(
    List<URI> peers,
    long count,
    Duration duration,
    int concurrency,
    int sizeBytes,
    int warmup,
    Optional<SimulatorAccess> simulator,
    Optional<Path> out,
    Duration requestTimeout) {

  static final String USAGE =
      """
      usage: java -cp benchmarks.jar io.qkdchain.bench.cluster.ClusterBench OPTIONS
        --peers URL,URL,...      peers to submit to, in turn (required)
        --count N | --duration S transactions to submit, or seconds to keep submitting
        --concurrency C          transactions in flight at once (default 1)
        --size B                 bytes per transaction (default 128)
        --warmup N               committed before measuring, not counted (default 0)
        --sim-url URL            QKD simulator, for key bits consumed (reset before, read after)
        --sim-keystore P12       client certificate for a mutual-TLS simulator (password: changeit
        --sim-truststore P12     or --sim-store-password); trust store with the simulator's CA
        --out FILE.json          also write the result as JSON
        --timeout S              seconds one transaction may take to commit (default 60)
      """;

  public BenchOptions {
    peers = List.copyOf(peers);
    if (peers.isEmpty()) {
      throw new IllegalArgumentException("--peers names no peer");
    }
    if ((count > 0) == (duration != null)) {
      throw new IllegalArgumentException("give exactly one of --count and --duration");
    }
    if (duration != null && (duration.isNegative() || duration.isZero())) {
      throw new IllegalArgumentException("--duration must be positive, got " + duration);
    }
    if (concurrency < 1) {
      throw new IllegalArgumentException("--concurrency must be at least 1, got " + concurrency);
    }
    if (sizeBytes < 1) {
      throw new IllegalArgumentException("--size must be at least 1, got " + sizeBytes);
    }
    if (warmup < 0) {
      throw new IllegalArgumentException("--warmup must not be negative, got " + warmup);
    }
  }

  public static BenchOptions parse(String... args) {
    List<URI> peers = new ArrayList<>();
    long count = 0;
    Duration duration = null;
    int concurrency = 1;
    int size = 128;
    int warmup = 0;
    URI simUrl = null;
    Path keystore = null;
    Path truststore = null;
    String storePassword = "changeit";
    Path out = null;
    Duration timeout = Duration.ofSeconds(60);
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (option.equals("--help") || option.equals("-h")) {
        throw new UsageRequested();
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("option " + option + " needs a value");
      }
      String value = args[++i];
      switch (option) {
        case "--peers" -> {
          for (String url : value.split(",")) {
            if (!url.isBlank()) {
              peers.add(baseUrl(option, url.strip()));
            }
          }
        }
        case "--count" -> count = positiveLong(option, value);
        case "--duration" ->
            duration = Duration.ofMillis(Math.round(seconds(option, value) * 1000));
        case "--concurrency" -> concurrency = (int) positiveLong(option, value);
        case "--size" -> size = (int) positiveLong(option, value);
        case "--warmup" -> warmup = (int) positiveLong(option, value);
        case "--sim-url" -> simUrl = baseUrl(option, value);
        case "--sim-keystore" -> keystore = Path.of(value);
        case "--sim-truststore" -> truststore = Path.of(value);
        case "--sim-store-password" -> storePassword = value;
        case "--out" -> out = Path.of(value);
        case "--timeout" -> timeout = Duration.ofMillis(Math.round(seconds(option, value) * 1000));
        default -> throw new IllegalArgumentException("unknown option " + option);
      }
    }
    Optional<SimulatorAccess> simulator =
        simUrl == null
            ? Optional.empty()
            : Optional.of(new SimulatorAccess(simUrl, keystore, truststore, storePassword));
    return new BenchOptions(
        peers,
        count,
        duration,
        concurrency,
        size,
        warmup,
        simulator,
        Optional.ofNullable(out),
        timeout);
  }

  private static URI baseUrl(String option, String value) {
    String trimmed = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    if (!trimmed.startsWith("http://") && !trimmed.startsWith("https://")) {
      throw new IllegalArgumentException(
          option + " " + value + ": expected a URL like http://127.0.0.1:8081");
    }
    return URI.create(trimmed);
  }

  private static long positiveLong(String option, String value) {
    try {
      long parsed = Long.parseLong(value);
      if (parsed < 0) {
        throw new IllegalArgumentException(option + " must not be negative, got " + value);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " must be a whole number, got '" + value + "'");
    }
  }

  private static double seconds(String option, String value) {
    try {
      double parsed = Double.parseDouble(value);
      if (!(parsed > 0)) {
        throw new IllegalArgumentException(option + " must be positive seconds, got " + value);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " must be a number of seconds, got " + value);
    }
  }

  /** Thrown by {@link #parse} for {@code --help}: the caller prints {@link #USAGE}. */
  static final class UsageRequested extends RuntimeException {
    UsageRequested() {
      super("usage requested", null, false, false);
    }
  }
}
