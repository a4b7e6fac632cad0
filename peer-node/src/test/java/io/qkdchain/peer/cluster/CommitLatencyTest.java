package io.qkdchain.peer.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdchain.testsupport.pki.CertificateDirectory;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commit latency of single transactions sent one at a time ({@code ?wait=true}) to a 4-peer cluster
 * in this JVM, over real HTTP between peers and mutual TLS to the simulated KMEs: first with no
 * added latency, then with the KME network restarted in place with 500 ms per call. The figures are
 * logged (logger {@code commit latency}); the assertions check only what the protocol implies.
 */
class CommitLatencyTest {

  private static final Logger log = LoggerFactory.getLogger("commit latency");

  /**
   * Prefetch off: the subject is the round that asks the KME itself, and prefetched keys would not
   * survive the KME restart below (the simulator forgets unread keys).
   */
  private static final Map<String, String> ASKING_IN_THE_ROUND =
      SimulatorClusterTest.with(
          SimulatorClusterTest.CALM, Map.of("qkdchain.consensus.prefetch-keys", "false"));

  @TempDir Path root;

  @Test
  void a_commit_waits_for_enc_keys_and_then_dec_keys_so_kme_latency_adds_up_twice()
      throws Exception {
    CertificateDirectory pki =
        CertificateDirectory.create(root.resolve("certs"), KmeFaultsTest.PEERS);
    SimulatedKmeNetwork kme = SimulatedKmeNetwork.overMutualTls(pki, Map.of());
    int port = kme.port();
    try (LocalCluster cluster =
        kme.cluster(root.resolve("peers"), ASKING_IN_THE_ROUND).startAll()) {
      // One block per proposer first: TLS handshakes, connection pools, cached KME status.
      commitEach(cluster, LocalCluster.SIZE);
      Duration direct = median(commitEach(cluster, 50));
      log.info("median of 50 sequential commits, no added KME latency: {} ms", direct.toMillis());

      kme.close();
      kme = SimulatedKmeNetwork.overMutualTls(pki, port, Map.of("sim.latency", "500ms"));
      commitEach(cluster, 1);
      Duration slowed = median(commitEach(cluster, 5));
      log.info("median of 5 sequential commits, sim.latency=500ms: {} ms", slowed.toMillis());

      // Generous: the build machine is shared; a quiet one commits in tens of milliseconds.
      assertThat(direct).isLessThan(Duration.ofSeconds(2));
      // The proposer's enc_keys, then each slave's dec_keys: two KME calls in sequence.
      assertThat(slowed).isGreaterThanOrEqualTo(Duration.ofMillis(1000)).isGreaterThan(direct);
    } finally {
      kme.close();
    }
  }

  private static List<Duration> commitEach(LocalCluster cluster, int count) throws Exception {
    List<Duration> latencies = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long start = System.nanoTime();
      HttpResponse<String> response =
          cluster.post(1, "/api/v1/transactions?wait=true", "{\"data\": \"sample " + i + "\"}");
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      latencies.add(Duration.ofNanos(System.nanoTime() - start));
    }
    return latencies;
  }

  private static Duration median(List<Duration> latencies) {
    List<Duration> sorted = new ArrayList<>(latencies);
    sorted.sort(null);
    log.info("commit latencies (ms), sorted: {}", sorted.stream().map(Duration::toMillis).toList());
    return sorted.get(sorted.size() / 2);
  }
}
