package io.qkdchain.peer.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.qkdchain.peer.auth.HmacRequestSigner;
import io.qkdchain.peer.auth.LinkKeys;
import io.qkdchain.peer.cluster.LocalCluster;
import io.qkdchain.peer.consensus.Block;
import io.qkdchain.peer.consensus.CommitCertificate;
import io.qkdchain.peer.consensus.CommittedBlock;
import io.qkdchain.peer.consensus.PeerId;
import io.qkdchain.peer.consensus.PeerMessage;
import io.qkdchain.peer.consensus.PeerMessage.Phase;
import io.qkdchain.peer.consensus.Round;
import io.qkdchain.peer.consensus.Transaction;
import io.qkdchain.peer.consensus.VoteLock;
import io.qkdchain.peer.wire.PeerMessageCodec;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;

/**
 * The attack that broke the crash-tolerant protocol, replayed over real HTTP against three honest
 * peers: peer-4 is stopped and a script on its port, holding nothing but peer-4's own link secrets,
 * votes echo, accept and lock for a block nobody proposed ("pay the impostor 1,000,000"), reports a
 * lock on it, and serves it (and a chain on top of it) to whoever catches up from it. Nothing of it
 * may be appended anywhere; the honest three keep committing; the impostor is counted.
 */
class ImpostorAttackTest {

  private static final String LOOT = "pay the impostor 1,000,000";

  private static Path root;
  private static LocalCluster cluster;
  private static HttpServer impostor;
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static final PeerMessageCodec CODEC = new PeerMessageCodec();

  @BeforeAll
  static void startCluster() throws Exception {
    root = Files.createTempDirectory("qkdchain-impostor");
    cluster =
        new LocalCluster(
            root,
            Map.of(
                "qkdchain.keys.source", "classical",
                "qkdchain.consensus.view-timeout", "1s",
                "qkdchain.consensus.regossip-interval", "1s",
                "qkdchain.api.wait-timeout", "30s"));
    cluster.startAll();
  }

  @AfterAll
  static void stopCluster() {
    if (impostor != null) {
      impostor.stop(0);
    }
    cluster.close();
    FileSystemUtils.deleteRecursively(root.toFile());
  }

  @Test
  void a_member_replaying_the_forged_commit_attack_gets_nothing_appended_and_is_counted()
      throws Exception {
    commit(1, "before the impostor");
    cluster.stop(4);
    long height = cluster.chainHashes(1).size();
    String tip = cluster.chainHashes(1).get((int) height - 1);
    Block forged =
        new Block(
            height, tip, System.currentTimeMillis(), List.of(new Transaction("loot-1", LOOT)));
    Block onTop =
        new Block(
            height + 1,
            forged.hash(),
            System.currentTimeMillis(),
            List.of(new Transaction("loot-2", LOOT)));
    impostor = serveForgedChain(List.of(forged, onTop));

    for (int victim = 1; victim <= 3; victim++) {
      List<PeerMessage> lies = new ArrayList<>();
      for (int view = 0; view <= 3; view++) {
        Round round = new Round(height, view);
        for (Phase phase : Phase.values()) {
          lies.add(new PeerMessage.Vote(round, phase, forged.hash()));
          // The same lie with another hash to the same peer: provable equivocation.
          lies.add(new PeerMessage.Vote(round, phase, onTop.hash()));
        }
      }
      lies.add(
          new PeerMessage.ViewChange(
              new Round(height, 5), Optional.of(new VoteLock(new Round(height, 4), forged))));
      // A vote for the height above: the victim catches up, from the impostor too.
      lies.add(new PeerMessage.Vote(new Round(height + 2, 0), Phase.LOCK, onTop.hash()));
      HttpResponse<String> answer = deliverAsPeer4(victim, lies);
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
    }

    for (int i = 0; i < 3; i++) {
      commit(1 + i, "honest after the impostor " + i);
    }
    List<String> reference = cluster.chainHashes(1);
    for (int peer = 1; peer <= 3; peer++) {
      List<String> chain = cluster.chainHashes(peer);
      assertThat(chain).as("chain of peer-" + peer).doesNotContain(forged.hash(), onTop.hash());
      assertThat(chain.subList(0, Math.min(chain.size(), reference.size())))
          .isEqualTo(reference.subList(0, Math.min(chain.size(), reference.size())));
      JsonNode block = cluster.get(peer, "/api/v1/blocks/" + height);
      assertThat(block.toString()).doesNotContain(LOOT);
    }
    for (int peer = 1; peer <= 3; peer++) {
      JsonNode table = cluster.get(peer, "/api/v1/misbehaviour");
      long total = 0;
      for (JsonNode row : table.get("rows")) {
        if (row.get("member").asText().equals("peer-4")) {
          total = row.get("total").asLong();
          assertThat(row.get("counts").get("equivocation").asLong())
              .as("peer-" + peer + " proved peer-4 said two things in one round: " + table)
              .isPositive();
        } else {
          assertThat(row.get("total").asLong()).as("honest " + row + " at peer-" + peer).isZero();
        }
      }
      String prometheus = prometheusLines(peer, "qkdchain_member_misbehaviour_total");
      assertThat(prometheus)
          .as("the same count in Prometheus at peer-" + peer)
          .contains("member=\"peer-4\"");
      assertThat(total).isPositive();
    }
  }

  private static void commit(int peer, String data) throws Exception {
    HttpResponse<String> response =
        cluster.post(peer, "/api/v1/transactions?wait=true", "{\"data\": \"" + data + "\"}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  /** Serves {@code GET /peer/v1/blocks} on peer-4's port with the forged blocks, "committed". */
  private static HttpServer serveForgedChain(List<Block> blocks) throws Exception {
    URI peer4 = cluster.url(4, "/");
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", peer4.getPort()), 0);
    List<CommittedBlock> committed = new ArrayList<>();
    for (Block b : blocks) {
      committed.add(
          new CommittedBlock(
              b,
              new CommitCertificate(
                  new Round(b.index(), 0), b.hash(), List.of(peer(1), peer(2), peer(3), peer(4)))));
    }
    byte[] body = CODEC.encodeBlocks(committed);
    server.createContext(
        "/peer/v1/blocks",
        exchange -> {
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.createContext(
        "/",
        exchange -> {
          exchange.sendResponseHeaders(202, -1);
          exchange.close();
        });
    server.start();
    return server;
  }

  private static HttpResponse<String> deliverAsPeer4(int receiver, List<PeerMessage> messages)
      throws Exception {
    byte[] body = CODEC.encodeBatch(peer(4), messages);
    LinkKeys keys =
        new LinkKeys(
            Map.of(peer(receiver), HexFormat.of().parseHex(cluster.linkSecret(4, receiver))));
    Map<String, String> headers =
        new HmacRequestSigner(peer(4), keys, Clock.systemUTC(), new SecureRandom())
            .headers(peer(receiver), "POST", "/peer/v1/messages", body);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(cluster.url(receiver, "/peer/v1/messages"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String prometheusLines(int peer, String name) throws Exception {
    String page =
        HTTP.send(
                HttpRequest.newBuilder(cluster.url(peer, "/actuator/prometheus")).GET().build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    return page.lines().filter(l -> l.startsWith(name)).reduce("", (a, b) -> a + b + "\n");
  }

  private static PeerId peer(int n) {
    return PeerId.of("peer-" + n);
  }
}
