package io.qkdchain.peer.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qkdchain.peer.storage.CorruptChainException;
import java.io.RandomAccessFile;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Four real peers over HTTP with classical round keys: the wiring end to end, restarts and a
 * damaged chain file (found by the background re-scan, or refused at start without an index).
 */
class ClassicalClusterTest {

  static final Map<String, String> CLASSICAL =
      Map.of(
          "qkdchain.keys.source", "classical",
          "qkdchain.consensus.view-timeout", "1s",
          "qkdchain.consensus.regossip-interval", "1s",
          "qkdchain.api.wait-timeout", "20s");

  @TempDir Path root;

  @Test
  void a_transaction_commits_on_all_four_peers_with_identical_chains_and_survives_restarts()
      throws Exception {
    try (LocalCluster cluster = new LocalCluster(root, CLASSICAL).startAll()) {
      HttpResponse<String> response =
          cluster.post(2, "/api/v1/transactions?wait=true", "{\"data\": \"hello qkdchain\"}");
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      JsonNode answer = LocalCluster.json(response.body());
      assertThat(answer.get("status").stringValue()).isEqualTo("COMMITTED");
      long blockIndex = answer.get("blockIndex").longValue();
      assertThat(blockIndex).isEqualTo(1);

      List<String> chain = awaitAgreement(cluster, 2);
      JsonNode block = cluster.get(3, "/api/v1/blocks/1");
      assertThat(block.get("data").stringValue()).isEqualTo("hello qkdchain");
      // Decided on Lock votes from a quorum (3 of 4) of distinct members, heard directly.
      JsonNode lockedBy = block.get("commit").get("lockedBy");
      assertThat(lockedBy.size()).isBetween(3, 4);
      java.util.Set<String> lockers = new java.util.HashSet<>();
      lockedBy.forEach(member -> lockers.add(member.stringValue()));
      assertThat(lockers)
          .hasSize(lockedBy.size())
          .isSubsetOf("peer-1", "peer-2", "peer-3", "peer-4");
      String id = answer.get("id").stringValue();
      assertThat(cluster.get(4, "/api/v1/transactions/" + id).get("status").stringValue())
          .isEqualTo("COMMITTED");

      cluster.stop(3);
      cluster.start(3);
      assertThat(cluster.chainHashes(3)).isEqualTo(chain);
      JsonNode verified = cluster.get(3, "/api/v1/chain/verify");
      assertThat(verified.get("valid").booleanValue()).isTrue();
      assertThat(verified.get("height").longValue()).isEqualTo(2);
      assertThat(cluster.get(3, "/actuator/health").get("status").stringValue()).isEqualTo("UP");

      cluster.stop(4);
      flipAByteInTheMiddle(cluster.storageDir(4).resolve("chain.log"));
      // The damage is inside the checkpointed prefix: the peer starts without re-reading it, and
      // the full re-scan in the background finds it.
      cluster.start(4);
      JsonNode integrity = cluster.freshVerification(4);
      assertThat(integrity.get("status").stringValue()).isEqualTo("DOWN");
      assertThat(integrity.get("details").get("firstBadIndex").longValue()).isZero();
      assertThat(integrity.get("details").get("problem").stringValue()).contains("checksum");
      assertThat(cluster.get(4, "/actuator/health/readiness").get("status").stringValue())
          .isEqualTo("DOWN");

      // Without its index (and so its checkpoint), the peer replays the whole file and refuses it.
      cluster.stop(4);
      deleteTree(cluster.storageDir(4).resolve("chain-index"));
      assertThatThrownBy(() -> cluster.start(4))
          .hasRootCauseInstanceOf(CorruptChainException.class)
          .rootCause()
          .hasMessageContaining("chain.log is corrupt at byte offset");
    }
  }

  static List<String> awaitAgreement(LocalCluster cluster, int height) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      List<String> first = cluster.chainHashes(1);
      boolean agree = first.size() == height;
      for (int peer = 2; peer <= LocalCluster.SIZE && agree; peer++) {
        agree = cluster.chainHashes(peer).equals(first);
      }
      if (agree) {
        return first;
      }
      if (System.nanoTime() > deadline) {
        for (int peer = 1; peer <= LocalCluster.SIZE; peer++) {
          assertThat(cluster.chainHashes(peer)).as("chain of peer-" + peer).isEqualTo(first);
        }
        assertThat(first).hasSize(height);
      }
      Thread.sleep(100);
    }
  }

  private static void deleteTree(Path dir) throws Exception {
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir)) {
      for (Path file : files.toList()) {
        java.nio.file.Files.delete(file);
      }
    }
    java.nio.file.Files.delete(dir);
  }

  private static void flipAByteInTheMiddle(Path chainLog) throws Exception {
    try (RandomAccessFile file = new RandomAccessFile(chainLog.toFile(), "rw")) {
      int genesisLength = file.readInt();
      long target = 8 + genesisLength / 2;
      file.seek(target);
      int original = file.read();
      file.seek(target);
      file.write(original ^ 0x20);
    }
  }
}
