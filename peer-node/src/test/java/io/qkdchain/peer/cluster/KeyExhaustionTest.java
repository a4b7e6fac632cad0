package io.qkdchain.peer.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdchain.testsupport.pki.CertificateDirectory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * QKD links that run out of key material (the simulator's key-rate token bucket): rounds fail
 * cleanly while the links refill, the transaction waits in the pool, and it commits once every link
 * of some proposer holds a round key again, with no pad read twice.
 */
class KeyExhaustionTest {

  /** Each link buffers exactly one round key and refills it in 768 / 64 = 12 s. */
  private static final int RATE_BPS = 64;

  private static final Duration REFILL =
      Duration.ofMillis(1000L * KeySpend.ROUND_KEY_BITS / RATE_BPS);

  @TempDir Path root;

  @Test
  void exhausted_links_hold_a_transaction_pending_until_they_refill() throws Exception {
    CertificateDirectory pki =
        CertificateDirectory.create(root.resolve("certs"), KmeFaultsTest.PEERS);
    try (SimulatedKmeNetwork kme =
            SimulatedKmeNetwork.overMutualTls(
                pki,
                Map.of(
                    "sim.key-rate-bps", Integer.toString(RATE_BPS),
                    "sim.key-burst-bits", Integer.toString(KeySpend.ROUND_KEY_BITS)));
        LocalCluster cluster =
            kme.cluster(root.resolve("peers"), KmeFaultsTest.IMPATIENT).startAll();
        RoundStoryCapture story = new RoundStoryCapture()) {
      kme.spendEveryLink(KmeFaultsTest.PEERS, KeySpend.ROUND_KEY_BITS);
      long drained = System.nanoTime();

      String id = Transactions.submit(cluster, 1, "waits for key material");
      JsonNode stats = kme.stats();
      while (!stats.get("errors").has("503") && elapsed(drained).compareTo(REFILL) < 0) {
        Thread.sleep(100);
        stats = kme.stats();
      }
      assertThat(stats.get("errors").path("503").longValue())
          .as("key requests refused as exhausted within %s", REFILL)
          .isPositive();
      assertThat(Transactions.status(cluster, 1, id)).isEqualTo("PENDING");
      assertThat(Transactions.agreedHeight(cluster)).as("no block while exhausted").isEqualTo(1);

      Transactions.awaitCommitted(cluster, 1, id, REFILL.plus(Duration.ofSeconds(30)));
      assertThat(elapsed(drained))
          .as("no round key could be had before the links refilled")
          .isGreaterThanOrEqualTo(REFILL.minus(Duration.ofSeconds(1)));
      assertThat(story.warnings())
          .anySatisfy(line -> assertThat(line).contains("No round key for the link to"));
      ClassicalClusterTest.awaitAgreement(cluster, 2);
      assertThat(
              SimulatorClusterTest.committedIdCounts(
                  cluster.get(3, SimulatorClusterTest.blocksPath())))
          .containsEntry(id, 1L)
          .allSatisfy((committed, count) -> assertThat(count).as(committed).isEqualTo(1));
      KmeFaultsTest.assertNoKeyReadMoreThanMade(kme.stats());
    }
  }

  private static Duration elapsed(long since) {
    return Duration.ofNanos(System.nanoTime() - since);
  }
}
