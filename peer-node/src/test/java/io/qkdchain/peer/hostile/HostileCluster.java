package io.qkdchain.peer.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdchain.peer.auth.ApiKeyFilter;
import io.qkdchain.peer.auth.HmacRequestSigner;
import io.qkdchain.peer.auth.LinkKeys;
import io.qkdchain.peer.cluster.LocalCluster;
import io.qkdchain.peer.consensus.PeerId;
import io.qkdchain.peer.consensus.PeerMessage;
import io.qkdchain.peer.wire.PeerMessageCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;

/**
 * One 4-peer cluster (classical keys, HMAC on the peer routes, a client API key) shared by every
 * hostile-input test class: started by the first, closed when the test run ends. Each test leaves
 * it able to commit, and checks so.
 */
final class HostileCluster implements AutoCloseable {

  static final String API_KEY = "hostile-suite-api-key-0123456789";

  /** {@code qkdchain.consensus.max-buffered-messages} of every peer: the future-message bound. */
  static final int MAX_BUFFERED_MESSAGES = 1000;

  /** Registers the shared cluster for a test class; tests reach it with {@link #get}. */
  static final class Extension implements BeforeAllCallback {
    @Override
    public void beforeAll(ExtensionContext context) {
      context
          .getRoot()
          .getStore(ExtensionContext.Namespace.create(HostileCluster.class))
          .computeIfAbsent("cluster", key -> start(), HostileCluster.class);
    }
  }

  private static volatile HostileCluster current;

  final LocalCluster cluster;
  private final Path root;
  private final PeerMessageCodec codec = new PeerMessageCodec();
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private HostileCluster(Path root) {
    this.root = root;
    this.cluster =
        new LocalCluster(
            root,
            Map.of(
                "qkdchain.keys.source", "classical",
                "qkdchain.consensus.view-timeout", "1s",
                "qkdchain.consensus.regossip-interval", "1s",
                "qkdchain.consensus.max-buffered-messages", String.valueOf(MAX_BUFFERED_MESSAGES),
                "qkdchain.api.wait-timeout", "20s",
                "qkdchain.api.key", API_KEY));
  }

  static HostileCluster get() {
    return current;
  }

  private static HostileCluster start() {
    try {
      HostileCluster hostile = new HostileCluster(Files.createTempDirectory("qkdchain-hostile"));
      hostile.cluster.startAll();
      current = hostile;
      return hostile;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // --- client side -------------------------------------------------------------------------

  HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(
        request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpRequest.Builder request(int peer, String path) {
    return HttpRequest.newBuilder(cluster.url(peer, path));
  }

  /** A client POST of raw bytes, with the API key unless {@code apiKey} is null. */
  HttpResponse<String> clientPost(int peer, String path, byte[] body, String apiKey)
      throws Exception {
    HttpRequest.Builder request =
        request(peer, path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (apiKey != null) {
      request.header(ApiKeyFilter.HEADER, apiKey);
    }
    return send(request);
  }

  HttpResponse<String> clientPost(int peer, String path, String body) throws Exception {
    return clientPost(peer, path, body.getBytes(StandardCharsets.UTF_8), API_KEY);
  }

  JsonNode getJson(int peer, String path) throws Exception {
    return LocalCluster.json(send(request(peer, path).GET()).body());
  }

  /**
   * Submits a good transaction at {@code peer} and checks that it commits and that every peer then
   * holds the same valid chain: whatever came before corrupted and lost nothing.
   */
  void assertAGoodTransactionStillCommits(int peer) throws Exception {
    HttpResponse<String> response =
        clientPost(
            peer, "/api/v1/transactions?wait=true", "{\"data\": \"good after hostile input\"}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    long index = LocalCluster.json(response.body()).get("blockIndex").longValue();
    // Compare every chain up to the good transaction's block: traffic left over from a hostile
    // test (a replayed gossip, say) may still commit blocks after it on some peers first.
    int agreed = (int) index + 1;
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    boolean allHaveIt = false;
    while (!allHaveIt && System.nanoTime() < deadline) {
      allHaveIt = true;
      for (int p = 1; p <= LocalCluster.SIZE && allHaveIt; p++) {
        allHaveIt = cluster.chainHashes(p).size() >= agreed;
      }
      if (!allHaveIt) {
        Thread.sleep(100);
      }
    }
    List<String> reference = cluster.chainHashes(1).subList(0, agreed);
    for (int p = 1; p <= LocalCluster.SIZE; p++) {
      List<String> chain = cluster.chainHashes(p);
      assertThat(chain).as("blocks of peer-" + p).hasSizeGreaterThanOrEqualTo(agreed);
      assertThat(chain.subList(0, agreed)).as("chain of peer-" + p).isEqualTo(reference);
      JsonNode verified = cluster.freshVerification(p);
      assertThat(verified.get("status").stringValue())
          .as("chain of peer-" + p + " valid")
          .isEqualTo("UP");
    }
  }

  long height(int peer) throws Exception {
    return getJson(peer, "/api/v1/round").get("height").longValue();
  }

  /** A counter or gauge from the peer's Prometheus page whose line names every given label. */
  double metric(int peer, String name, String... labels) throws Exception {
    String page = send(request(peer, "/actuator/prometheus").GET()).body();
    double sum = 0;
    Matcher line =
        Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? (\\S+)$").matcher(page);
    while (line.find()) {
      String tags = line.group(1) == null ? "" : line.group(1);
      boolean all = true;
      for (String label : labels) {
        all &= tags.contains(label);
      }
      if (all) {
        sum += Double.parseDouble(line.group(2));
      }
    }
    return sum;
  }

  // --- peer side: requests a member (or someone pretending) sends --------------------------

  /** Signs as peer {@code sender} with the link secret it shares with {@code receiver}. */
  Map<String, String> signedAs(
      int sender, int receiver, String method, String target, byte[] body) {
    LinkKeys keys =
        new LinkKeys(
            Map.of(peer(receiver), HexFormat.of().parseHex(cluster.linkSecret(sender, receiver))));
    return new HmacRequestSigner(peer(sender), keys, Clock.systemUTC(), new SecureRandom())
        .headers(peer(receiver), method, target, body);
  }

  byte[] batch(int from, List<PeerMessage> messages) {
    return codec.encodeBatch(peer(from), messages);
  }

  HttpResponse<String> peerPost(int receiver, String path, byte[] body, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder request =
        request(receiver, path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    return send(request);
  }

  /** Posts a batch as {@code sender}, correctly signed. */
  HttpResponse<String> deliver(int sender, int receiver, List<PeerMessage> messages)
      throws Exception {
    byte[] body = batch(sender, messages);
    return peerPost(
        receiver,
        "/peer/v1/messages",
        body,
        signedAs(sender, receiver, "POST", "/peer/v1/messages", body));
  }

  static PeerId peer(int n) {
    return PeerId.of("peer-" + n);
  }

  @Override
  public void close() {
    cluster.close();
    FileSystemUtils.deleteRecursively(root.toFile());
  }
}
