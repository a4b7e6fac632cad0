package io.qkdchain.peer.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdchain.testsupport.LoopbackPorts;
import io.qkdchain.testsupport.pki.CertificateDirectory;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The cluster against a misbehaving KME network (the real simulator over mutual TLS): injected 503s
 * and a link whose KME cannot be reached. Rounds fail cleanly and are retried; no transaction is
 * lost, none commits twice, and no key is read twice.
 */
class KmeFaultsTest {

  /**
   * Short timeouts, so failed rounds are abandoned and retried quickly: a key request gives up
   * after 2 s of retries, a stalled view after 2 s (doubling).
   */
  static final Map<String, String> IMPATIENT =
      Map.of(
          "qkdchain.consensus.view-timeout", "2s",
          "qkdchain.consensus.regossip-interval", "1s",
          "qkdchain.api.wait-timeout", "25s",
          "qkdchain.keys.deadline", "2s",
          "qkdchain.qrng.fallback", "fail");

  static final List<String> PEERS = List.of("peer-1", "peer-2", "peer-3", "peer-4");

  @TempDir Path root;

  @Test
  void a_kme_answering_503_to_every_third_call_delays_rounds_but_loses_nothing() throws Exception {
    CertificateDirectory pki = CertificateDirectory.create(root.resolve("certs"), PEERS);
    try (SimulatedKmeNetwork kme =
            SimulatedKmeNetwork.overMutualTls(pki, Map.of("sim.fail-every", "3"));
        LocalCluster cluster = kme.cluster(root.resolve("peers"), IMPATIENT).startAll()) {
      List<String> ids = submitConcurrentlyAndAwaitCommits(cluster, 2);

      ClassicalClusterTest.awaitAgreement(cluster, Transactions.highestHeight(cluster));
      Map<String, Long> counts =
          SimulatorClusterTest.committedIdCounts(cluster.get(2, SimulatorClusterTest.blocksPath()));
      assertThat(counts).allSatisfy((id, count) -> assertThat(count).as(id).isEqualTo(1));
      assertThat(counts.keySet()).containsAll(ids);

      JsonNode stats = kme.stats();
      assertThat(stats.get("faults_injected").longValue()).isPositive();
      assertThat(stats.get("errors").propertyNames()).containsOnly("503");
      assertNoKeyReadMoreThanMade(stats);
    }
  }

  @Test
  void a_link_whose_kme_is_unreachable_fails_its_rounds_cleanly_until_the_peer_is_fixed()
      throws Exception {
    CertificateDirectory pki = CertificateDirectory.create(root.resolve("certs"), PEERS);
    try (SimulatedKmeNetwork kme = SimulatedKmeNetwork.overMutualTls(pki, Map.of());
        LocalCluster cluster = kme.cluster(root.resolve("peers"), IMPATIENT);
        RoundStoryCapture story = new RoundStoryCapture()) {
      // peer-2 reaches peer-3's keys through a KME address where nothing listens.
      Map<String, String> broken = kme.peerProperties("peer-2");
      String deadKme = "https://127.0.0.1:" + LoopbackPorts.free();
      broken.put("qkdchain.links.peer-3.kme.base-url", deadKme);
      cluster.with(2, broken).startAll();

      // Heights go round the proposers; when peer-2 leads one it cannot get peer-3's key, gives
      // the view up (nothing sent), and a view whose proposer has no broken link commits it. A
      // quorum of 3 of 4 never needs peer-2's own read of peer-3's key.
      int committed = 1;
      // Height 5, view 0 is peer-2's (peers[(5 + 0) mod 4]); its key request for peer-3 fails or
      // outlasts the view, which changes either way.
      for (int i = 0; i < 8 && !peer2GaveUp(story); i++) {
        String id = Transactions.submit(cluster, 1, "despite a dead link " + i);
        Transactions.awaitCommitted(cluster, 1, id, Duration.ofSeconds(60));
        committed++;
      }
      assertThat(peer2GaveUp(story)).as(String.join("\n", story.warnings())).isTrue();
      String id = Transactions.submit(cluster, 1, "after peer-2's failed proposal");
      Transactions.awaitCommitted(cluster, 1, id, Duration.ofSeconds(60));
      committed++;
      ClassicalClusterTest.awaitAgreement(cluster, committed);
      for (int height = 1; height < committed; height++) {
        JsonNode block = cluster.get(3, "/api/v1/blocks/" + height);
        long view = block.get("commit").get("view").longValue();
        assertThat((height + view) % LocalCluster.SIZE)
            .as("block %d was not proposed by peer-2 (view %d)", height, view)
            .isNotEqualTo(1L);
      }
      assertThat(kme.stats().get("errors").propertyNames()).doesNotContain("400");

      // Fixed configuration, restarted peer: the next block commits in view 0 with no key failure.
      cluster.stop(2);
      cluster.with(2, kme.peerProperties("peer-2")).start(2);
      story.clear();
      HttpResponse<String> response =
          cluster.post(4, "/api/v1/transactions?wait=true", "{\"data\": \"link repaired\"}");
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      ClassicalClusterTest.awaitAgreement(cluster, committed + 1);
      assertThat(story.warnings()).noneSatisfy(line -> assertThat(line).contains("No round key"));
      assertNoKeyReadMoreThanMade(kme.stats());
    }
  }

  private static boolean peer2GaveUp(RoundStoryCapture story) {
    return told(story, "No round key for the link to peer-3") || told(story, "(h=5, v=0) -> (h=5");
  }

  private static boolean told(RoundStoryCapture story, String text) {
    return story.warnings().stream().anyMatch(line -> line.contains(text));
  }

  /** Sends {@code perPeer} transactions to every peer at once and waits for each commit. */
  static List<String> submitConcurrentlyAndAwaitCommits(LocalCluster cluster, int perPeer)
      throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(LocalCluster.SIZE * perPeer);
    try {
      List<Future<HttpResponse<String>>> sent = new ArrayList<>();
      for (int peer = 1; peer <= LocalCluster.SIZE; peer++) {
        for (int i = 0; i < perPeer; i++) {
          int entry = peer;
          String body = "{\"data\": \"tx " + peer + "." + i + "\"}";
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
      return ids;
    } finally {
      clients.shutdownNow();
    }
  }

  /**
   * No key was handed to a slave twice: the KMEs refuse a second read with 400 (none seen), and no
   * pair has read more bits than were made for it. Keys of abandoned rounds may stay unread.
   */
  static void assertNoKeyReadMoreThanMade(JsonNode stats) {
    assertThat(stats.get("errors").propertyNames()).doesNotContain("400");
    Map<String, Long> made = KeySpend.made(stats);
    KeySpend.read(stats)
        .forEach((pair, bits) -> assertThat(bits).as(pair).isLessThanOrEqualTo(made.get(pair)));
  }
}
