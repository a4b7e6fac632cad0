package io.qkdchain.peer.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdchain.testsupport.LoopbackPorts;
import io.qkdchain.testsupport.pki.CertificateDirectory;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The QRNG that orders vote chains going away, under both fallback policies. With {@code
 * fallback-securerandom} commits go on and the fallback draws are counted. With {@code fail} no
 * vote chain starts: each round fails, logged, with nothing voted and nothing locked; the
 * transaction stays pending, the peers keep answering, health says the QRNG is down, and commits
 * resume once the QRNG is back.
 */
class QrngOutageTest {

  private static final Pattern FALLBACK_DRAWS =
      Pattern.compile("qkdchain_qrng_draws_total\\{[^}]*origin=\"fallback\"[^}]*} ([0-9.]+)");

  @TempDir Path root;

  /**
   * The QRNG orders only the vote-chain relay of a withheld proposal (docs/protocol.md, "Relay
   * along a vote chain"), so a QRNG that refuses the API key costs no commit; health says degraded.
   */
  @Test
  void a_qrng_refusing_the_api_key_stops_no_commit_and_health_says_degraded() throws Exception {
    CertificateDirectory pki =
        CertificateDirectory.create(root.resolve("certs"), KmeFaultsTest.PEERS);
    try (SimulatedKmeNetwork kme = SimulatedKmeNetwork.overMutualTls(pki, Map.of());
        LocalCluster cluster =
            kme.cluster(
                root.resolve("peers"),
                SimulatorClusterTest.with(
                    KmeFaultsTest.IMPATIENT,
                    Map.of(
                        "qkdchain.qrng.api-key", "not-the-key",
                        "qkdchain.qrng.fallback", "fallback-securerandom")))) {
      for (int peer = 1; peer <= LocalCluster.SIZE; peer++) {
        Map<String, String> properties = kme.peerProperties("peer-" + peer);
        properties.remove("qkdchain.qrng.api-key");
        cluster.with(peer, properties);
      }
      cluster.startAll();

      HttpResponse<String> response =
          cluster.post(3, "/api/v1/transactions?wait=true", "{\"data\": \"no QRNG needed\"}");
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      ClassicalClusterTest.awaitAgreement(cluster, 2);
      assertThat(fallbackDraws(cluster, 1)).as("no relay was needed").isZero();
      JsonNode qrng = cluster.get(1, "/actuator/health").get("components").get("qrng");
      assertThat(qrng.get("status").stringValue()).isEqualTo("UP");
      assertThat(qrng.get("details").get("degraded").booleanValue()).isTrue();
    }
  }

  /**
   * With the {@code fail} policy and no QRNG at all, health is DOWN (no relay could be ordered),
   * and yet commits go on: the QRNG is not on the path of a round whose proposal reached everyone.
   */
  @Test
  void with_the_fail_policy_and_no_qrng_health_is_down_and_commits_go_on() throws Exception {
    CertificateDirectory pki =
        CertificateDirectory.create(root.resolve("certs"), KmeFaultsTest.PEERS);
    int qrngPort = LoopbackPorts.free();
    try (SimulatedKmeNetwork kme = SimulatedKmeNetwork.overMutualTls(pki, Map.of());
        LocalCluster cluster = kme.cluster(root.resolve("peers"), KmeFaultsTest.IMPATIENT)) {
      for (int peer = 1; peer <= LocalCluster.SIZE; peer++) {
        Map<String, String> properties = kme.peerProperties("peer-" + peer);
        properties.put("qkdchain.qrng.base-url", "http://127.0.0.1:" + qrngPort);
        cluster.with(peer, properties);
      }
      cluster.startAll();

      String id = Transactions.submit(cluster, 2, "needs no vote order");
      Transactions.awaitCommitted(cluster, 2, id, Duration.ofSeconds(45));
      ClassicalClusterTest.awaitAgreement(cluster, 2);
      JsonNode qrng = cluster.get(2, "/actuator/health").get("components").get("qrng");
      assertThat(qrng.get("status").stringValue()).isEqualTo("DOWN");
      KmeFaultsTest.assertNoKeyReadMoreThanMade(kme.stats());
    }
  }

  /**
   * A QRNG that accepts connections and never answers holds nothing of the consensus: commits go on
   * and the client API keeps answering promptly. The peers do reach the silent QRNG (each fetches a
   * block ahead at start-up, held open here), and its read timeout is a minute, so a peer whose API
   * waited on it would take a minute to answer: each of ten answers, timed while those connections
   * hang, is bounded at 10 s, room for a loaded machine and still far below the minute.
   */
  @Test
  void a_qrng_that_never_answers_holds_no_round_and_the_peers_keep_answering() throws Exception {
    CertificateDirectory pki =
        CertificateDirectory.create(root.resolve("certs"), KmeFaultsTest.PEERS);
    try (SilentQrng silent = new SilentQrng();
        SimulatedKmeNetwork kme = SimulatedKmeNetwork.overMutualTls(pki, Map.of());
        LocalCluster cluster = kme.cluster(root.resolve("peers"), KmeFaultsTest.IMPATIENT)) {
      for (int peer = 1; peer <= LocalCluster.SIZE; peer++) {
        Map<String, String> properties = kme.peerProperties("peer-" + peer);
        properties.put("qkdchain.qrng.base-url", silent.baseUrl());
        properties.put("qkdchain.qrng.read-timeout", "60s");
        cluster.with(peer, properties);
      }
      cluster.startAll();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (silent.connectionsHeld() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(silent.connectionsHeld()).as("QRNG connections left hanging").isPositive();

      String id = Transactions.submit(cluster, 4, "beside a silent QRNG");
      int answers = 0;
      for (int i = 0; i < 10; i++) {
        long asked = System.nanoTime();
        assertThat(Transactions.status(cluster, 4, id)).isIn("PENDING", "COMMITTED");
        assertThat(Duration.ofNanos(System.nanoTime() - asked))
            .as("answer %d", i)
            .isLessThan(Duration.ofSeconds(10));
        answers++;
      }
      assertThat(answers).as("answers timed").isEqualTo(10);
      Transactions.awaitCommitted(cluster, 4, id, Duration.ofSeconds(45));
      ClassicalClusterTest.awaitAgreement(cluster, 2);
    }
  }

  private static double fallbackDraws(LocalCluster cluster, int peer) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    String metrics =
        http.send(
                HttpRequest.newBuilder(cluster.url(peer, "/actuator/prometheus"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    Matcher matcher = FALLBACK_DRAWS.matcher(metrics);
    return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
  }
}
