package io.qkdchain.peer.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Four peers in {@code etsi014} mode against the real qkd-simulator over mutual TLS (certificates
 * made in the test), vote orders from the simulator's QRNG: commits, agreement, and key accounting
 * from the simulator's own counters.
 */
class SimulatorClusterTest {

  /** A view timeout well above a round's time, so no view change spends extra keys. */
  static final Map<String, String> CALM =
      Map.of(
          "qkdchain.consensus.view-timeout", "10s",
          "qkdchain.consensus.regossip-interval", "1s",
          "qkdchain.api.wait-timeout", "20s",
          "qkdchain.qrng.fallback", "fail");

  @TempDir static Path root;
  private static SimulatedKmeNetwork kme;
  private static LocalCluster cluster;
  private static long firstCountedHeight;

  @BeforeAll
  static void startTheNetworkAndThePeers() throws Exception {
    ClusterPki pki =
        ClusterPki.create(root.resolve("certs"), List.of("peer-1", "peer-2", "peer-3", "peer-4"));
    kme = SimulatedKmeNetwork.overMutualTls(pki, Map.of());
    cluster = kme.cluster(root.resolve("peers"), CALM).startAll();
    firstCountedHeight = warmUp(cluster, kme);
  }

  /**
   * Commits one block so that the peers' first TLS handshakes and connection pools, and the
   * simulator's lazy start-up, are behind us; then zeroes the simulator's counters.
   *
   * @return the height of the first block the counters will see
   */
  static long warmUp(LocalCluster cluster, SimulatedKmeNetwork kme) throws Exception {
    HttpResponse<String> response =
        cluster.post(1, "/api/v1/transactions?wait=true", "{\"data\": \"warm-up\"}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    long height = LocalCluster.json(response.body()).get("blockIndex").longValue() + 1;
    ClassicalClusterTest.awaitAgreement(cluster, (int) height);
    awaitKeysRead(kme);
    kme.resetStats();
    return height;
  }

  /** Waits until the slaves have read every key made so far (a slow one may still be reading). */
  private static JsonNode awaitKeysRead(SimulatedKmeNetwork kme) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    JsonNode stats = kme.stats();
    while (!KeySpend.read(stats).equals(KeySpend.made(stats)) && System.nanoTime() < deadline) {
      Thread.sleep(100);
      stats = kme.stats();
    }
    return stats;
  }

  @AfterAll
  static void stopEverything() {
    if (cluster != null) {
      cluster.close();
    }
    if (kme != null) {
      kme.close();
    }
  }

  @Test
  void a_transaction_commits_on_all_four_peers_and_every_key_made_is_read_exactly_once()
      throws Exception {
    HttpResponse<String> response =
        cluster.post(2, "/api/v1/transactions?wait=true", "{\"data\": \"over the simulator\"}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode answer = LocalCluster.json(response.body());
    assertThat(answer.get("status").stringValue()).isEqualTo("COMMITTED");
    long index = answer.get("blockIndex").longValue();

    ClassicalClusterTest.awaitAgreement(cluster, (int) index + 1);
    JsonNode block = cluster.get(4, "/api/v1/blocks/" + index);
    assertThat(block.get("data").stringValue()).isEqualTo("over the simulator");
    assertKeysAddUpToTheChain();
  }

  @Test
  void transactions_sent_at_once_to_different_peers_all_commit_exactly_once() throws Exception {
    int perPeer = 4;
    ExecutorService clients = Executors.newFixedThreadPool(LocalCluster.SIZE * perPeer);
    List<Future<HttpResponse<String>>> sent = new ArrayList<>();
    try {
      for (int peer = 1; peer <= LocalCluster.SIZE; peer++) {
        for (int i = 0; i < perPeer; i++) {
          int entry = peer;
          String body = "{\"data\": \"concurrent " + peer + "." + i + "\"}";
          sent.add(
              clients.submit(() -> cluster.post(entry, "/api/v1/transactions?wait=true", body)));
        }
      }
      List<String> ids = new ArrayList<>();
      for (Future<HttpResponse<String>> future : sent) {
        HttpResponse<String> response = future.get(60, TimeUnit.SECONDS);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode answer = LocalCluster.json(response.body());
        assertThat(answer.get("status").stringValue()).isEqualTo("COMMITTED");
        ids.add(answer.get("id").stringValue());
      }

      int height = cluster.chainHashes(1).size();
      ClassicalClusterTest.awaitAgreement(cluster, height);
      Map<String, Long> occurrences = committedIdCounts(cluster.get(3, blocksPath()));
      assertThat(occurrences).allSatisfy((id, count) -> assertThat(count).as(id).isEqualTo(1));
      assertThat(occurrences.keySet()).containsAll(ids);
      assertKeysAddUpToTheChain();
    } finally {
      clients.shutdownNow();
    }
  }

  /**
   * Every key the KMEs made was read exactly once, and the bits are exactly (N - 1) x 768 per
   * committed block, from each block's proposer to every other peer.
   */
  static void assertKeysAddUpToTheChain(
      LocalCluster cluster, SimulatedKmeNetwork kme, long fromHeight) throws Exception {
    JsonNode blocks = cluster.get(1, blocksPath());
    Map<String, Long> expected = KeySpend.ofCommittedBlocks(blocks, fromHeight);
    JsonNode stats = awaitKeysRead(kme);
    assertThat(KeySpend.made(stats)).as("bits made per master->slave").isEqualTo(expected);
    assertThat(KeySpend.read(stats)).as("bits read per master->slave").isEqualTo(expected);
    long committed = blocks.size() - fromHeight;
    assertThat(stats.get("totals").get("bits_made").longValue())
        .isEqualTo(committed * (LocalCluster.SIZE - 1) * KeySpend.ROUND_KEY_BITS);
    assertThat(stats.get("errors").properties()).as("ETSI errors").isEmpty();
  }

  private static void assertKeysAddUpToTheChain() throws Exception {
    assertKeysAddUpToTheChain(cluster, kme, firstCountedHeight);
  }

  static String blocksPath() {
    return "/api/v1/blocks?from=0&limit=100";
  }

  static Map<String, Long> committedIdCounts(JsonNode blocks) {
    List<String> ids = new ArrayList<>();
    for (JsonNode block : blocks) {
      for (JsonNode transaction : block.path("transactions")) {
        ids.add(transaction.get("id").stringValue());
      }
    }
    return ids.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
  }

  static Map<String, String> with(Map<String, String> base, Map<String, String> more) {
    Map<String, String> all = new HashMap<>(base);
    all.putAll(more);
    return all;
  }
}
