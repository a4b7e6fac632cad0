package io.qkdchain.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdchain.testsupport.LoopbackPorts;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The fault drill of the README, run for real: scripts/cluster.sh starts the simulator and four
 * peers as processes, a peer is killed (SIGKILL) and restarted, and the chains must end up
 * identical with nothing acknowledged lost. An integration test (failsafe): it needs the packaged
 * jars.
 */
class LocalClusterIT {

  private static final Duration UP = Duration.ofSeconds(150);
  private static final Duration SHORT = Duration.ofSeconds(30);

  @TempDir Path runDir;

  private final Checkout checkout = Checkout.find();
  private ClusterScript cluster;
  private List<PeerApi> peers;

  @BeforeEach
  void start() throws Exception {
    // A failsafe test: `mvn verify` packages both applications before it runs.
    assertThat(checkout.applicationsBuilt())
        .as(
            "the peer and simulator jars are built (mvn -DskipTests package -pl"
                + " peer-node,qkd-simulator -am)")
        .isTrue();
    // Below the ephemeral range: peer-3's port must still be free when it is restarted.
    int basePort = LoopbackPorts.baseOfRun(4);
    int simPort = LoopbackPorts.free();
    cluster = new ClusterScript(checkout, runDir);
    peers = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      peers.add(new PeerApi(URI.create("http://127.0.0.1:" + (basePort + i))));
    }
    // The default quorum, N - f = 3 of 4, is what three live peers can reach, so commits go on
    // while one is down with no option at all. A short view timeout keeps the rounds whose
    // proposer is the dead peer short.
    cluster.require(
        UP,
        "up",
        "--no-build",
        "--qkd",
        "sim-plain",
        "--base-port",
        String.valueOf(basePort),
        "--sim-port",
        String.valueOf(simPort),
        "--peer-property",
        "qkdchain.consensus.view-timeout=1s",
        "--wait-seconds",
        "120");
  }

  @AfterEach
  void stop() throws Exception {
    if (cluster != null) {
      cluster.call(SHORT, "down");
    }
  }

  @Test
  void with_kmes_the_peers_authenticate_by_qkd_keys_and_no_static_secret_is_written()
      throws Exception {
    assertThat(runDir.resolve("secrets")).doesNotExist();
    for (int i = 1; i <= 4; i++) {
      String properties =
          java.nio.file.Files.readString(runDir.resolve("peer-" + i).resolve("peer.properties"));
      assertThat(properties).contains("qkdchain.peer-auth.mode=qkd").doesNotContain("secrets");
    }
    assertThat(
            peers.get(0).submitAndWait("authenticated by QKD link keys").path("status").asString())
        .isEqualTo("COMMITTED");
  }

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void a_killed_peer_catches_up_after_a_restart_and_all_chains_agree() throws Exception {
    JsonNode first = peers.get(0).submitAndWait("first, seen by all four");
    long firstIndex = first.path("blockIndex").asLong();
    for (PeerApi peer : peers) {
      assertThat(holds(peer.awaitBlock(firstIndex, SHORT), "first, seen by all four"))
          .as("block %d on %s holds the transaction", firstIndex, peer.base())
          .isTrue();
    }

    assertThat(cluster.require(SHORT, "kill", "peer-3")).contains("killed peer-3");
    long lastIndex = firstIndex;
    for (PeerApi entry : List.of(peers.get(0), peers.get(1), peers.get(3))) {
      lastIndex =
          entry
              .submitAndWait("while peer-3 is down, via " + entry.base())
              .path("blockIndex")
              .asLong();
    }
    assertThat(cluster.require(SHORT, "status").lines())
        .as("status while peer-3 is down")
        .anySatisfy(line -> assertThat(line).startsWith("peer-3").contains("DOWN"));

    cluster.require(Duration.ofSeconds(100), "start", "peer-3");
    JsonNode caughtUp = peers.get(2).awaitBlock(lastIndex, Duration.ofSeconds(60));
    assertThat(caughtUp.path("hash").asString())
        .isEqualTo(peers.get(0).awaitBlock(lastIndex, SHORT).path("hash").asString());

    List<String> reference = peers.get(0).blockHashes();
    assertThat(reference.size()).isGreaterThan((int) lastIndex);
    assertEveryChainHolds(reference);
    assertThat(cluster.require(SHORT, "status")).contains("peer-3").doesNotContain("DOWN");
  }

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void nothing_acknowledged_is_lost_when_a_peer_is_killed_under_load() throws Exception {
    long killedAt;
    Map<String, String> acknowledged = new ConcurrentHashMap<>();
    // What peer-3 acknowledged, and when (System.nanoTime when the answer came back).
    Map<String, Long> byPeer3 = new ConcurrentHashMap<>();
    PeerApi peer3 = peers.get(2);
    AtomicBoolean loading = new AtomicBoolean(true);
    ExecutorService clients = Executors.newFixedThreadPool(peers.size());
    List<Future<?>> load = new ArrayList<>();
    for (PeerApi peer : peers) {
      load.add(
          clients.submit(
              () -> {
                for (int n = 0; loading.get() && n < 2_000; n++) {
                  String data = "load " + n + " via " + peer.base();
                  peer.submit(data)
                      .ifPresent(
                          id -> {
                            acknowledged.put(id, data);
                            if (peer == peer3) {
                              byPeer3.put(id, System.nanoTime());
                            }
                          });
                  Thread.sleep(15);
                }
                return null;
              }));
    }
    try {
      Thread.sleep(3_000);
      // SIGKILL while peer-3 is acknowledging transactions and taking part in rounds.
      killedAt = System.nanoTime();
      assertThat(cluster.require(SHORT, "kill", "peer-3")).contains("killed peer-3");
      Thread.sleep(4_000);
      cluster.require(Duration.ofSeconds(100), "start", "peer-3");
      Thread.sleep(3_000);
    } finally {
      loading.set(false);
      for (Future<?> client : load) {
        client.get(30, TimeUnit.SECONDS);
      }
      clients.shutdown();
    }
    assertThat(acknowledged).as("transactions acknowledged under load").hasSizeGreaterThan(50);
    // The last ten peer-3 acknowledged before the kill was ordered (by when each answer came back).
    long killed = killedAt;
    List<String> lastOfPeer3 =
        byPeer3.entrySet().stream()
            .filter(e -> e.getValue() - killed < 0)
            .sorted((x, y) -> Long.compare(y.getValue(), x.getValue()))
            .limit(10)
            .map(Map.Entry::getKey)
            .toList();
    assertThat(lastOfPeer3).as("transactions peer-3 acknowledged before it was killed").hasSize(10);

    // Every transaction acknowledged with a bare 202, including those peer-3 acknowledged just
    // before it was killed, is committed exactly once with its exact data, and every peer holds
    // the same chain.
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    List<String> committed = peers.get(0).committedTransactionIds();
    while (!committed.containsAll(acknowledged.keySet()) && System.nanoTime() < deadline) {
      Thread.sleep(500);
      committed = peers.get(0).committedTransactionIds();
    }
    Set<String> missing = new HashSet<>(acknowledged.keySet());
    missing.removeAll(committed);
    assertThat(missing).as("acknowledged but never committed").isEmpty();
    assertThat(committed)
        .as("committed, of what peer-3 acknowledged just before it was killed")
        .containsAll(lastOfPeer3);
    assertThat(new HashSet<>(committed)).as("committed twice").hasSize(committed.size());
    Map<String, String> data = peers.get(0).committedData();
    acknowledged.forEach(
        (id, sent) -> assertThat(data.get(id)).as("data committed under %s", id).isEqualTo(sent));

    assertEveryChainHolds(peers.get(0).blockHashes());
  }

  /**
   * Every other peer's chain starts with {@code reference}'s blocks, waiting for a peer that has
   * not applied the last of them yet (an answer means the answering peer committed, not all).
   */
  private void assertEveryChainHolds(List<String> reference) throws Exception {
    for (PeerApi peer : peers.subList(1, 4)) {
      List<String> hashes = peer.blockHashes();
      long until = System.nanoTime() + SHORT.toNanos();
      while (hashes.size() < reference.size() && System.nanoTime() < until) {
        Thread.sleep(200);
        hashes = peer.blockHashes();
      }
      assertThat(hashes)
          .as("blocks on %s", peer.base())
          .hasSizeGreaterThanOrEqualTo(reference.size());
      assertThat(hashes.subList(0, reference.size()))
          .as("chain of %s", peer.base())
          .isEqualTo(reference);
    }
  }

  private static boolean holds(JsonNode block, String data) {
    for (JsonNode transaction : block.path("transactions")) {
      if (data.equals(transaction.path("data").asString())) {
        return true;
      }
    }
    return data.equals(block.path("data").asString());
  }
}
