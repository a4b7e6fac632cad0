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

  @Test
  void a_qrng_refusing_the_api_key_is_replaced_by_secure_random_and_counted() throws Exception {
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
                        "qkdchain.qrng.fallback", "fallback-securerandom")));
        RoundStoryCapture story = new RoundStoryCapture()) {
      for (int peer = 1; peer <= LocalCluster.SIZE; peer++) {
        Map<String, String> properties = kme.peerProperties("peer-" + peer);
        properties.remove("qkdchain.qrng.api-key");
        cluster.with(peer, properties);
      }
      cluster.startAll();

      HttpResponse<String> response =
          cluster.post(3, "/api/v1/transactions?wait=true", "{\"data\": \"ordered by fallback\"}");
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      ClassicalClusterTest.awaitAgreement(cluster, 2);

      double fallbackDraws = 0;
      for (int peer = 1; peer <= LocalCluster.SIZE; peer++) {
        fallbackDraws += fallbackDraws(cluster, peer);
      }
      assertThat(fallbackDraws).as("vote orders drawn by the fallback").isGreaterThanOrEqualTo(3);
      assertThat(kme.stats().get("qrng_errors").path("404").longValue())
          .as("wrong-key answers")
          .isPositive();
      assertThat(story.warnings()).noneSatisfy(line -> assertThat(line).contains("not started"));
      JsonNode qrng = cluster.get(1, "/actuator/health").get("components").get("qrng");
      assertThat(qrng.get("status").stringValue()).isEqualTo("UP");
      assertThat(qrng.get("details").get("degraded").booleanValue()).isTrue();
    }
  }

  @Test
  void with_the_fail_policy_rounds_fail_cleanly_until_the_qrng_returns() throws Exception {
    CertificateDirectory pki =
        CertificateDirectory.create(root.resolve("certs"), KmeFaultsTest.PEERS);
    int qrngPort = LoopbackPorts.free();
    try (SimulatedKmeNetwork kme = SimulatedKmeNetwork.overMutualTls(pki, Map.of());
        LocalCluster cluster = kme.cluster(root.resolve("peers"), KmeFaultsTest.IMPATIENT);
        RoundStoryCapture story = new RoundStoryCapture()) {
      for (int peer = 1; peer <= LocalCluster.SIZE; peer++) {
        Map<String, String> properties = kme.peerProperties("peer-" + peer);
        properties.put("qkdchain.qrng.base-url", "http://127.0.0.1:" + qrngPort);
        cluster.with(peer, properties);
      }
      cluster.startAll();

      String id = Transactions.submit(cluster, 2, "needs a vote order");
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (story.warnings().stream().noneMatch(line -> line.contains("Vote chain not started"))
          && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(story.warnings())
          .anySatisfy(
              line ->
                  assertThat(line)
                      .contains("Vote chain not started")
                      .contains("fallback policy is 'fail'"));
      assertThat(Transactions.status(cluster, 2, id)).isEqualTo("PENDING");
      assertThat(Transactions.agreedHeight(cluster)).as("nothing committed").isEqualTo(1);
      assertThat(story.lines()).noneSatisfy(line -> assertThat(line).contains("Vote verified"));
      JsonNode qrng = cluster.get(2, "/actuator/health").get("components").get("qrng");
      assertThat(qrng.get("status").stringValue()).isEqualTo("DOWN");

      try (SimulatedKmeNetwork back = SimulatedKmeNetwork.overPlainHttp(qrngPort, Map.of())) {
        Transactions.awaitCommitted(cluster, 2, id, Duration.ofSeconds(45));
        ClassicalClusterTest.awaitAgreement(cluster, 2);
        assertThat(back.stats().get("requests").get("qrng").longValue()).isPositive();
      }
      KmeFaultsTest.assertNoKeyReadMoreThanMade(kme.stats());
    }
  }

  /**
   * The draw runs on the consensus loop, and the QRNG is fetched in the background: a silent QRNG
   * holds a draw for at most the draw wait (1 s), not the QRNG client's read timeout (5 s). Rounds
   * fail under {@code fail}, but the client API, which does not go through the loop, keeps
   * answering, and the round still ends cleanly.
   */
  @Test
  void
      a_qrng_that_never_answers_costs_each_draw_at_most_the_draw_wait_and_the_peers_keep_answering()
          throws Exception {
    CertificateDirectory pki =
        CertificateDirectory.create(root.resolve("certs"), KmeFaultsTest.PEERS);
    try (SilentQrng silent = new SilentQrng();
        SimulatedKmeNetwork kme = SimulatedKmeNetwork.overMutualTls(pki, Map.of());
        LocalCluster cluster = kme.cluster(root.resolve("peers"), KmeFaultsTest.IMPATIENT);
        RoundStoryCapture story = new RoundStoryCapture()) {
      for (int peer = 1; peer <= LocalCluster.SIZE; peer++) {
        Map<String, String> properties = kme.peerProperties("peer-" + peer);
        properties.put("qkdchain.qrng.base-url", silent.baseUrl());
        cluster.with(peer, properties);
      }
      cluster.startAll();

      String id = Transactions.submit(cluster, 4, "waits on a silent QRNG");
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (story.warnings().stream().noneMatch(line -> line.contains("Vote chain not started"))
          && System.nanoTime() < deadline) {
        // Each answer is timed: a peer stuck on the QRNG must still serve its API.
        long asked = System.nanoTime();
        assertThat(Transactions.status(cluster, 4, id)).isEqualTo("PENDING");
        assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(Duration.ofSeconds(2));
        Thread.sleep(250);
      }
      assertThat(silent.connectionsHeld()).as("QRNG connections left hanging").isPositive();
      assertThat(story.warnings())
          .anySatisfy(
              line ->
                  assertThat(line)
                      .contains("Vote chain not started")
                      .contains("fallback policy is 'fail'")
                      .contains("no QRNG block within the draw wait of 1000 ms"));
      assertThat(Transactions.agreedHeight(cluster)).as("nothing committed").isEqualTo(1);
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
