package io.qkdchain.peer.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;

/** Submitting transactions to a {@link LocalCluster} and following their status. */
final class Transactions {

  private Transactions() {}

  /** Submits without waiting for the commit; returns the id the entry peer gave it. */
  static String submit(LocalCluster cluster, int peer, String data) throws Exception {
    HttpResponse<String> response =
        cluster.post(peer, "/api/v1/transactions", "{\"data\": \"" + data + "\"}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    JsonNode answer = LocalCluster.json(response.body());
    assertThat(answer.get("status").stringValue()).isEqualTo("PENDING");
    return answer.get("id").stringValue();
  }

  static String status(LocalCluster cluster, int peer, String id) throws Exception {
    return cluster.get(peer, "/api/v1/transactions/" + id).path("status").stringValue();
  }

  /** Polls until the transaction is committed on that peer; fails after {@code within}. */
  static void awaitCommitted(LocalCluster cluster, int peer, String id, Duration within)
      throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    String status = status(cluster, peer, id);
    while (!"COMMITTED".equals(status) && System.nanoTime() < deadline) {
      Thread.sleep(200);
      status = status(cluster, peer, id);
    }
    assertThat(status)
        .as("status of %s on peer-%d after %s", id, peer, within)
        .isEqualTo("COMMITTED");
  }

  /**
   * The highest chain height (blocks including genesis) any peer reports. Once every submission has
   * been answered as committed this is the height all peers must reach: a peer that answered may be
   * a block ahead of one that has not applied that block yet.
   */
  static int highestHeight(LocalCluster cluster) throws Exception {
    int height = 0;
    for (int peer = 1; peer <= LocalCluster.SIZE; peer++) {
      height = Math.max(height, cluster.chainHashes(peer).size());
    }
    return height;
  }

  /** The chain height (blocks including genesis) every peer reports, asserting they agree. */
  static int agreedHeight(LocalCluster cluster) throws Exception {
    int height = cluster.chainHashes(1).size();
    for (int peer = 2; peer <= LocalCluster.SIZE; peer++) {
      assertThat(cluster.chainHashes(peer)).as("chain of peer-" + peer).hasSize(height);
    }
    return height;
  }
}
