package io.qkdchain.peer.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdchain.testsupport.pki.CertificateDirectory;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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

  /**
   * Where key counting starts: the first block the simulator's counters see, the bits made before
   * that and not read yet per pair, and the bits read before that for no block yet (keys a proposer
   * holds for its next proposal, announced to and read ahead by the slave).
   */
  record Baseline(long firstHeight, Map<String, Long> unread, Map<String, Long> readAhead) {}

  @TempDir static Path root;
  private static SimulatedKmeNetwork kme;
  private static LocalCluster cluster;
  private static Baseline baseline;

  @BeforeAll
  static void startTheNetworkAndThePeers() throws Exception {
    CertificateDirectory pki =
        CertificateDirectory.create(
            root.resolve("certs"), List.of("peer-1", "peer-2", "peer-3", "peer-4"));
    kme = SimulatedKmeNetwork.overMutualTls(pki, Map.of());
    cluster = kme.cluster(root.resolve("peers"), CALM).startAll();
    baseline = warmUp(cluster, kme);
  }

  /**
   * Commits one block so that the peers' first TLS handshakes and connection pools, and the
   * simulator's lazy start-up, are behind us; then zeroes the simulator's counters, noting the keys
   * the warm-up's proposer holds for its next proposal.
   */
  static Baseline warmUp(LocalCluster cluster, SimulatedKmeNetwork kme) throws Exception {
    HttpResponse<String> response =
        cluster.post(1, "/api/v1/transactions?wait=true", "{\"data\": \"warm-up\"}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    long height = LocalCluster.json(response.body()).get("blockIndex").longValue() + 1;
    ClassicalClusterTest.awaitAgreement(cluster, (int) height);
    Baseline start = new Baseline(1, Map.of(), Map.of());
    JsonNode stats =
        awaitSettled(kme, start, KeySpend.ofCommittedBlocks(cluster.get(1, blocksPath()), 1));
    kme.resetStats();
    return new Baseline(
        height,
        KeySpend.unread(Map.of(), stats),
        readAhead(start, stats, KeySpend.ofCommittedBlocks(cluster.get(1, blocksPath()), 1)));
  }

  /**
   * Waits until every key made was read and the slaves have read the keys of the chain's blocks (a
   * slow one may still be reading): each link's reads are its blocks' keys plus at most the one key
   * its proposer holds for a next proposal, read ahead on its key notice.
   */
  private static JsonNode awaitSettled(
      SimulatedKmeNetwork kme, Baseline baseline, Map<String, Long> chain) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    JsonNode stats = kme.stats();
    while (!settled(baseline, stats, chain) && System.nanoTime() < deadline) {
      Thread.sleep(100);
      stats = kme.stats();
    }
    return stats;
  }

  private static boolean settled(Baseline baseline, JsonNode stats, Map<String, Long> chain) {
    return KeySpend.unread(baseline.unread(), stats).isEmpty()
        && readAhead(baseline, stats, chain).values().stream()
            .allMatch(bits -> bits == KeySpend.ROUND_KEY_BITS);
  }

  /** Per pair, bits read beyond the keys of {@code chain}'s blocks: keys read ahead (non-zero). */
  private static Map<String, Long> readAhead(
      Baseline baseline, JsonNode stats, Map<String, Long> chain) {
    Map<String, Long> bits = new TreeMap<>(baseline.readAhead());
    KeySpend.read(stats).forEach((pair, read) -> bits.merge(pair, read, Long::sum));
    chain.forEach((pair, spent) -> bits.merge(pair, -spent, Long::sum));
    bits.values().removeIf(value -> value == 0);
    return bits;
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
  void a_transaction_commits_on_all_four_peers_and_every_key_of_the_chain_is_read_exactly_once()
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
    List<String> ids = KmeFaultsTest.submitConcurrentlyAndAwaitCommits(cluster, 4);

    ClassicalClusterTest.awaitAgreement(cluster, Transactions.highestHeight(cluster));
    Map<String, Long> occurrences = committedIdCounts(cluster.get(3, blocksPath()));
    assertThat(occurrences).allSatisfy((id, count) -> assertThat(count).as(id).isEqualTo(1));
    assertThat(occurrences.keySet()).containsAll(ids);
    assertKeysAddUpToTheChain();
  }

  @Test
  void with_default_settings_each_proposer_holds_one_prefetched_key_per_link_and_no_more()
      throws Exception {
    // Consecutive heights rotate the proposer: eight blocks let every peer propose twice.
    for (int i = 0; i < 2 * LocalCluster.SIZE; i++) {
      HttpResponse<String> response =
          cluster.post(
              i % LocalCluster.SIZE + 1,
              "/api/v1/transactions?wait=true",
              "{\"data\": \"in turn " + i + "\"}");
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }
    ClassicalClusterTest.awaitAgreement(cluster, Transactions.highestHeight(cluster));

    Map<String, Long> readAhead = assertKeysAddUpToTheChain();
    assertThat(readAhead)
        .as("every proposer holds its next proposal's key on each of its links, read ahead")
        .hasSize(LocalCluster.SIZE * (LocalCluster.SIZE - 1))
        .allSatisfy((pair, bits) -> assertThat(bits).as(pair).isEqualTo(KeySpend.ROUND_KEY_BITS));
  }

  /**
   * The slaves read exactly (N - 1) x 768 bits per committed block, from each block's proposer to
   * every other peer, each key once, plus per link at most one key more: the one the proposer holds
   * for its next proposal, which it announced and its slave read ahead (docs/protocol.md, "Key
   * prefetch" and "Key notices"). Every key made was read: none is left unread in the KMEs.
   *
   * @return the bits read ahead per master->slave (a held key's, where its proposer has one)
   */
  static Map<String, Long> assertKeysAddUpToTheChain(
      LocalCluster cluster, SimulatedKmeNetwork kme, Baseline baseline) throws Exception {
    Map<String, Long> chain =
        KeySpend.ofCommittedBlocks(cluster.get(1, blocksPath()), baseline.firstHeight());
    JsonNode stats = awaitSettled(kme, baseline, chain);
    assertThat(KeySpend.unread(baseline.unread(), stats))
        .as("bits made and not read per master->slave")
        .isEmpty();
    Map<String, Long> readAhead = readAhead(baseline, stats, chain);
    assertThat(readAhead)
        .as("bits read beyond the chain's keys per master->slave")
        .allSatisfy(
            (pair, bits) -> assertThat(bits).as(pair).isEqualTo((long) KeySpend.ROUND_KEY_BITS));
    assertThat(stats.get("errors").properties()).as("ETSI errors").isEmpty();
    return readAhead;
  }

  private static Map<String, Long> assertKeysAddUpToTheChain() throws Exception {
    return assertKeysAddUpToTheChain(cluster, kme, baseline);
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
