package io.qkdchain.peer.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdchain.peer.auth.LinkAuthView;
import io.qkdchain.peer.auth.LinkKeyRing;
import io.qkdchain.testsupport.pki.CertificateDirectory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;

/**
 * Four peers on the real qkd-simulator over mutual TLS whose peer routes are authenticated by keys
 * from their QKD links, not by static secrets: keys rotate under load and nothing is lost, and a
 * restarted peer re-establishes its links by itself.
 */
class QkdLinkAuthClusterTest {

  @TempDir Path root;
  private SimulatedKmeNetwork kme;
  private LocalCluster cluster;

  private LocalCluster start(Map<String, String> auth) {
    CertificateDirectory pki =
        CertificateDirectory.create(
            root.resolve("certs"), List.of("peer-1", "peer-2", "peer-3", "peer-4"));
    kme = SimulatedKmeNetwork.overMutualTls(pki, Map.of());
    Map<String, String> shared = new LinkedHashMap<>(SimulatorClusterTest.CALM);
    shared.putAll(auth);
    cluster = kme.cluster(root.resolve("peers"), shared).startAll();
    return cluster;
  }

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
    if (kme != null) {
      kme.close();
    }
  }

  @Test
  void keys_rotate_under_load_with_nothing_lost_and_a_restarted_peer_rejoins() throws Exception {
    start(
        Map.of(
            "qkdchain.peer-auth.mode", "qkd",
            "qkdchain.peer-auth.epoch", "1s",
            "qkdchain.peer-auth.grace", "20s"));
    assertNoStaticSecret();
    // Past start-up (where a peer may ask one not yet listening for its key), nothing is refused.
    String warmUp = Transactions.submit(cluster, 1, "warm-up");
    Transactions.awaitCommitted(cluster, 1, warmUp, Duration.ofSeconds(60));
    Map<String, Long> refusedBefore = refusals();

    List<String> ids = new ArrayList<>();
    List<Integer> entries = new ArrayList<>();
    // About four epochs of steady load, entering at every peer.
    for (int i = 0; i < 40; i++) {
      int entry = 1 + i % LocalCluster.SIZE;
      ids.add(Transactions.submit(cluster, entry, "under-rotation-" + i));
      entries.add(entry);
      Thread.sleep(100);
    }
    for (int i = 0; i < ids.size(); i++) {
      Transactions.awaitCommitted(cluster, entries.get(i), ids.get(i), Duration.ofSeconds(60));
    }
    ClassicalClusterTest.awaitAgreement(cluster, Transactions.highestHeight(cluster));
    assertThat(refusals()).isEqualTo(refusedBefore);
    for (int peer = 1; peer <= LocalCluster.SIZE; peer++) {
      for (LinkAuthView view : ring(peer).views()) {
        assertThat(view.expired()).as("peer-%d %s", peer, view).isFalse();
        if (view.direction() == LinkAuthView.Direction.INBOUND) {
          assertThat(view.epoch()).as("peer-%d %s rotated", peer, view).isGreaterThanOrEqualTo(3);
        }
      }
    }

    cluster.stop(3);
    cluster.start(3);
    List<String> after = new ArrayList<>();
    for (int entry = 1; entry <= LocalCluster.SIZE; entry++) {
      after.add(Transactions.submit(cluster, entry, "after-restart-" + entry));
    }
    for (int entry = 1; entry <= LocalCluster.SIZE; entry++) {
      Transactions.awaitCommitted(cluster, entry, after.get(entry - 1), Duration.ofSeconds(60));
    }
    ClassicalClusterTest.awaitAgreement(cluster, Transactions.highestHeight(cluster));
    // The others commit without peer-3's link to one of them: a key that peer-3 read before its
    // restart cannot be read again, and the receiver draws a new one only once that key is the
    // redraw interval (5 s) old; peer-3 asks again every 2 s by itself.
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (ring(3).views().stream().anyMatch(view -> view.epoch() == 0)
        && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    for (LinkAuthView view : ring(3).views()) {
      assertThat(view.epoch()).as("restarted peer-3 %s", view).isPositive();
      assertThat(view.expired()).as("restarted peer-3 %s", view).isFalse();
    }
  }

  @Test
  void wegman_carter_tags_authenticate_every_request_of_a_committing_cluster() throws Exception {
    start(
        Map.of(
            "qkdchain.peer-auth.mode", "qkd-wegman-carter",
            "qkdchain.peer-auth.wegman-carter.pads-per-epoch", "16"));
    assertNoStaticSecret();
    // One block at a time: eight rounds, each of which sends every other peer at least one
    // request (its votes), so every link direction claims at least half of an epoch's 16 pads.
    // Submitted all at once they may share one or two blocks and the pads of one epoch.
    for (int i = 0; i < 8; i++) {
      int entry = 1 + i % LocalCluster.SIZE;
      String id = Transactions.submit(cluster, entry, "wegman-carter-" + i);
      Transactions.awaitCommitted(cluster, entry, id, Duration.ofSeconds(60));
    }
    ClassicalClusterTest.awaitAgreement(cluster, Transactions.highestHeight(cluster));
    // A receiver draws the next key on its timer (every second here) once half the pads are
    // claimed: the last draws may still be on their way.
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (inboundBitsDrawn() <= 12L * 18 * 128 && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    for (int peer = 1; peer <= LocalCluster.SIZE; peer++) {
      for (LinkAuthView view : ring(peer).views()) {
        assertThat(view.expired()).as("peer-%d %s", peer, view).isFalse();
      }
    }
    long drawn = inboundBitsDrawn();
    // Each epoch key is (16 pads + 2) x 128 bits, and the requests of these rounds took more pads
    // than one epoch per link holds.
    assertThat(drawn % (18 * 128)).isZero();
    assertThat(drawn).isGreaterThan(12L * 18 * 128);
  }

  /** Key bits drawn by all peers for what they receive, over all link directions. */
  private long inboundBitsDrawn() {
    long drawn = 0;
    for (int peer = 1; peer <= LocalCluster.SIZE; peer++) {
      for (LinkAuthView view : ring(peer).views()) {
        if (view.direction() == LinkAuthView.Direction.INBOUND) {
          drawn += view.bitsSpent();
        }
      }
    }
    return drawn;
  }

  /** Refused or unsent requests per peer and link direction. */
  private Map<String, Long> refusals() {
    Map<String, Long> refused = new LinkedHashMap<>();
    for (int peer = 1; peer <= LocalCluster.SIZE; peer++) {
      for (LinkAuthView view : ring(peer).views()) {
        refused.put("peer-" + peer + " " + view.direction() + " " + view.peer(), view.refusals());
      }
    }
    return refused;
  }

  private LinkKeyRing ring(int peer) {
    return cluster.context(peer).getBean(LinkKeyRing.class);
  }

  private void assertNoStaticSecret() {
    for (int peer = 1; peer <= LocalCluster.SIZE; peer++) {
      ConfigurableEnvironment environment = cluster.context(peer).getEnvironment();
      for (var source : environment.getPropertySources()) {
        if (source instanceof EnumerablePropertySource<?> enumerable) {
          for (String name : enumerable.getPropertyNames()) {
            assertThat(name).as("peer-%d property", peer).doesNotContain("peer-auth.secrets");
          }
        }
      }
    }
  }
}
