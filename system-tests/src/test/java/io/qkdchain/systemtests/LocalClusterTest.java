package io.qkdchain.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The fault drill of the README, run for real: scripts/cluster.sh starts the simulator and four
 * peers as processes, a peer is killed and restarted, and the chains must end up identical.
 */
class LocalClusterTest {

  private static final Duration UP = Duration.ofSeconds(150);
  private static final Duration SHORT = Duration.ofSeconds(30);

  @TempDir Path runDir;

  private final Checkout checkout = Checkout.find();
  private ClusterScript cluster;
  private List<PeerApi> peers;

  @BeforeEach
  void start() throws Exception {
    assumeTrue(
        checkout.applicationsBuilt(),
        "the peer and simulator jars are not built (mvn -DskipTests package -pl"
            + " peer-node,qkd-simulator -am)");
    int basePort = FreePorts.baseOfRun(4);
    int simPort = FreePorts.any();
    cluster = new ClusterScript(checkout, runDir);
    peers = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      peers.add(new PeerApi(URI.create("http://127.0.0.1:" + (basePort + i))));
    }
    // Threshold 9 = N*floor(N/2)+1 is the least that is safe, and what three live peers of
    // four can still reach (3 initiators x 3 voters), so commits go on while one is down. A
    // short view timeout keeps the rounds whose proposer is the dead peer short.
    cluster.require(
        UP,
        "up",
        "--no-build",
        "--qkd",
        "sim-plain",
        "--threshold",
        "9",
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
    for (PeerApi peer : peers.subList(1, 4)) {
      assertThat(peer.blockHashes()).as("chain of %s", peer.base()).isEqualTo(reference);
    }
    assertThat(cluster.require(SHORT, "status")).contains("peer-3").doesNotContain("DOWN");
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
