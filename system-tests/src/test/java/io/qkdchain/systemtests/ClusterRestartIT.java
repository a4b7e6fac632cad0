package io.qkdchain.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdchain.bench.cluster.BenchOptions;
import io.qkdchain.bench.cluster.BenchResult;
import io.qkdchain.bench.cluster.ClusterBench;
import io.qkdchain.testsupport.LoopbackPorts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/cluster.sh down} followed at once by {@code up} on the same ports, after the
 * cluster carried load, and {@code restart}: both come back with the chain they had. The peers'
 * ports then hold connections in TIME_WAIT that the stopped peers closed themselves; they must not
 * stop the new peers, nor the script's check that the ports are free.
 *
 * <p>The KMEs are external to the cluster, one per peer, named by a comma-separated {@code
 * --kme-url} in peer order: a simulator this test starts on its own, in plain-HTTP mode, where each
 * SAE has its own base URL ({@code /sae/peer-i}). An integration test (failsafe): it needs the
 * packaged jars.
 */
class ClusterRestartIT {

  private static final Duration UP = Duration.ofSeconds(150);
  private static final Duration SHORT = Duration.ofSeconds(30);

  /** Linux's tables of TCP sockets; the JVM's loopback sockets are IPv6 ones (IPv4-mapped). */
  private static final List<Path> LINUX_TCP =
      List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));

  private static final String TIME_WAIT = "06";

  @TempDir Path runDir;

  private final Checkout checkout = Checkout.find();
  private ClusterScript cluster;
  private Process kmes;

  @AfterEach
  void stop() throws Exception {
    if (cluster != null) {
      cluster.call(SHORT, "down");
    }
    if (kmes != null) {
      kmes.destroy();
      if (!kmes.waitFor(15, TimeUnit.SECONDS)) {
        kmes.destroyForcibly();
      }
    }
  }

  @Test
  @Timeout(value = 540, unit = TimeUnit.SECONDS)
  void down_then_up_at_once_on_the_same_ports_after_load_and_restart_keep_the_chain()
      throws Exception {
    // A failsafe test: `mvn verify` packages both applications before it runs.
    assertThat(checkout.applicationsBuilt())
        .as(
            "the peer and simulator jars are built (mvn -DskipTests package -pl"
                + " peer-node,qkd-simulator -am)")
        .isTrue();
    int basePort = LoopbackPorts.baseOfRun(4);
    int simPort = LoopbackPorts.free();
    cluster = new ClusterScript(checkout, runDir);
    startKmes(simPort);
    String kmeUrls =
        IntStream.rangeClosed(1, 4)
            .mapToObj(i -> "http://127.0.0.1:" + simPort + "/sae/peer-" + i)
            .collect(Collectors.joining(","));
    String[] up = {
      "up",
      "--no-build",
      "--qkd",
      "external",
      "--kme-url",
      kmeUrls,
      // Not the default with KMEs (qkd): a restart must keep, and say, what up chose.
      "--peer-auth",
      "hmac",
      "--base-port",
      String.valueOf(basePort),
      "--wait-seconds",
      "120"
    };
    List<PeerApi> peers = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      peers.add(new PeerApi(URI.create("http://127.0.0.1:" + (basePort + i))));
    }
    Set<Integer> peerPorts = Set.of(basePort + 1, basePort + 2, basePort + 3, basePort + 4);

    cluster.require(UP, up);
    for (int i = 1; i <= 4; i++) {
      assertThat(Files.readString(runDir.resolve("peer-" + i).resolve("peer.properties")))
          .as("peer-%d's KME", i)
          .contains("qkdchain.keys.kme.base-url=http://127.0.0.1:" + simPort + "/sae/peer-" + i);
    }
    BenchResult load = load(peers, simPort);
    assertThat(load.failed()).isZero();
    assertThat(load.committed()).isEqualTo(400);
    List<String> before = peers.get(0).blockHashes();

    cluster.require(SHORT, "down");
    if (LINUX_TCP.stream().allMatch(Files::isReadable)) {
      // The precondition this test is about: the stopped peers closed their clients'
      // connections themselves, so those linger in TIME_WAIT on the peers' ports.
      assertThat(timeWaitPorts())
          .as("ports with TIME_WAIT connections right after down")
          .containsAnyElementsOf(peerPorts);
    }
    cluster.require(UP, up);
    assertChainGoesOn(peers, before);

    List<String> beforeRestart = peers.get(0).blockHashes();
    String restarted = cluster.require(UP, "restart");
    assertThat(restarted).contains("stopped peer-1", "4 peers healthy (peer authentication: hmac)");
    assertChainGoesOn(peers, beforeRestart);
  }

  /** The simulator as the four peers' KMEs, on plain HTTP, started as scripts/cluster.sh would. */
  private void startKmes(int port) throws Exception {
    Path log = runDir.resolve("kmes.log");
    kmes =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-jar",
                checkout.simulatorJar().toString(),
                "--server.address=127.0.0.1",
                "--server.port=" + port,
                "--sim.sae-ids=peer-1,peer-2,peer-3,peer-4")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    PeerApi health = new PeerApi(URI.create("http://127.0.0.1:" + port));
    long deadline = System.nanoTime() + UP.toNanos();
    while (!health.healthy()) {
      if (!kmes.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("the simulator did not start:\n" + Files.readString(log));
      }
      Thread.sleep(250);
    }
  }

  /** 400 transactions, 32 at a time, from the load generator of scripts/bench.sh. */
  private static BenchResult load(List<PeerApi> peers, int simPort) throws Exception {
    String urls =
        peers.stream().map(peer -> peer.base().toString()).collect(Collectors.joining(","));
    return new ClusterBench(
            BenchOptions.parse(
                "--peers",
                urls,
                "--sim-url",
                "http://127.0.0.1:" + simPort,
                "--count",
                "400",
                "--concurrency",
                "32"),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
        .run();
  }

  /** The restarted cluster kept {@code before} on every peer and commits after it. */
  private static void assertChainGoesOn(List<PeerApi> peers, List<String> before) throws Exception {
    long index = peers.get(1).submitAndWait("after the restart").path("blockIndex").asLong();
    assertThat(index).isGreaterThanOrEqualTo(before.size());
    for (PeerApi peer : peers) {
      peer.awaitBlock(index, SHORT);
      assertThat(peer.blockHashes().subList(0, before.size()))
          .as("chain of %s", peer.base())
          .isEqualTo(before);
    }
  }

  /** Local ports of the connections in TIME_WAIT (Linux). */
  private static Set<Integer> timeWaitPorts() throws IOException {
    List<String> lines = new ArrayList<>();
    for (Path table : LINUX_TCP) {
      List<String> rows = Files.readAllLines(table);
      lines.addAll(rows.subList(1, rows.size()));
    }
    return lines.stream()
        .map(line -> line.strip().split("\\s+"))
        .filter(fields -> fields.length > 3 && TIME_WAIT.equals(fields[3]))
        .map(fields -> Integer.parseInt(fields[1].substring(fields[1].indexOf(':') + 1), 16))
        .collect(Collectors.toSet());
  }
}
