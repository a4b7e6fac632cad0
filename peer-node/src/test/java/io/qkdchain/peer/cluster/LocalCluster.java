package io.qkdchain.peer.cluster;

import io.qkdchain.peer.PeerNodeApplication;
import io.qkdchain.testsupport.LoopbackPorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Four peers in this JVM, each a Spring Boot application on its own loopback port and storage
 * directory, configured by properties like a real deployment, with a fresh random HMAC secret per
 * pair of peers for the peer routes.
 */
public final class LocalCluster implements AutoCloseable {

  public static final int SIZE = 4;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Path root;
  private final int[] ports = new int[SIZE];
  private final Map<String, String> shared;
  private final Map<Integer, Map<String, String>> perPeer = new LinkedHashMap<>();
  private final ConfigurableApplicationContext[] peers = new ConfigurableApplicationContext[SIZE];
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final String[][] linkSecrets = new String[SIZE + 1][SIZE + 1];

  static {
    // Each SpringApplication would reset the one shared logback context, concurrently; the
    // peers use logback-test.xml as it is instead.
    System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
  }

  public LocalCluster(Path root, Map<String, String> shared) {
    this.root = root;
    this.shared = shared;
    for (int i = 0; i < SIZE; i++) {
      ports[i] = LoopbackPorts.free();
    }
    SecureRandom random = new SecureRandom();
    for (int a = 1; a <= SIZE; a++) {
      for (int b = a + 1; b <= SIZE; b++) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        linkSecrets[a][b] = HexFormat.of().formatHex(secret);
        linkSecrets[b][a] = linkSecrets[a][b];
      }
    }
  }

  /** The hex HMAC secret peers {@code a} and {@code b} (1-based) share. */
  public String linkSecret(int a, int b) {
    return linkSecrets[a][b];
  }

  /** The Spring context of a running peer (1-based), e.g. to read its beans in a test. */
  public ConfigurableApplicationContext context(int peer) {
    return peers[peer - 1];
  }

  /** Extra properties for one peer (1-based). */
  LocalCluster with(int peer, Map<String, String> properties) {
    perPeer.put(peer, properties);
    return this;
  }

  public LocalCluster startAll() {
    List<Thread> starting = new ArrayList<>();
    List<RuntimeException> failures = new ArrayList<>();
    for (int i = 1; i <= SIZE; i++) {
      int peer = i;
      Thread thread =
          new Thread(
              () -> {
                try {
                  start(peer);
                } catch (RuntimeException e) {
                  synchronized (failures) {
                    failures.add(e);
                  }
                }
              });
      thread.start();
      starting.add(thread);
    }
    for (Thread thread : starting) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    if (!failures.isEmpty()) {
      throw failures.get(0);
    }
    return this;
  }

  public void start(int peer) {
    Map<String, Object> properties = new LinkedHashMap<>();
    // Static per-pair secrets unless a test asks for a QKD mode: the key-accounting tests count
    // round keys only.
    properties.put("qkdchain.peer-auth.mode", "hmac");
    properties.putAll(shared);
    // Tests ask for a fresh full verification often (freshVerification).
    properties.putIfAbsent("qkdchain.storage.verify-min-interval", "0s");
    properties.putIfAbsent("qkdchain.api.verify-requests-per-minute", "6000");
    properties.put("qkdchain.peer-id", "peer-" + peer);
    properties.put("server.port", ports[peer - 1]);
    properties.put("qkdchain.storage.dir", storageDir(peer).toString());
    for (int i = 1; i <= SIZE; i++) {
      properties.put("qkdchain.peers[" + (i - 1) + "].id", "peer-" + i);
      properties.put("qkdchain.peers[" + (i - 1) + "].url", "http://127.0.0.1:" + ports[i - 1]);
    }
    // The peer's own configuration only. The simulator's classes share this class path, and
    // before packaging (mvn test) its application.properties is a plain file that would outrank
    // the peer's application.yml (exposing only health and info, so no /actuator/prometheus).
    properties.put("spring.config.location", "classpath:/application.yml");
    properties.putAll(perPeer.getOrDefault(peer, Map.of()));
    if ("hmac".equals(properties.get("qkdchain.peer-auth.mode"))) {
      for (int i = 1; i <= SIZE; i++) {
        if (i != peer) {
          properties.put("qkdchain.peer-auth.secrets.peer-" + i, linkSecrets[peer][i]);
        }
      }
    }
    // As command-line arguments, so they override application.yml like a real deployment's.
    String[] args =
        properties.entrySet().stream()
            .map(e -> "--" + e.getKey() + "=" + e.getValue())
            .toArray(String[]::new);
    peers[peer - 1] = new SpringApplicationBuilder(PeerNodeApplication.class).run(args);
  }

  public void stop(int peer) {
    ConfigurableApplicationContext context = peers[peer - 1];
    if (context != null) {
      context.close();
      peers[peer - 1] = null;
    }
  }

  public Path storageDir(int peer) {
    return root.resolve("peer-" + peer);
  }

  public URI url(int peer, String path) {
    return URI.create("http://127.0.0.1:" + ports[peer - 1] + path);
  }

  public HttpResponse<String> post(int peer, String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(url(peer, path))
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  public JsonNode get(int peer, String path) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(url(peer, path)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body());
  }

  /**
   * Asks {@code peer} for a full re-scan of its chain file and waits for its result: the {@code
   * chainIntegrity} health component (status, and details as in docs/dashboard.md).
   */
  public JsonNode freshVerification(int peer) throws Exception {
    Instant asked = Instant.now();
    get(peer, "/api/v1/chain/verify");
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      JsonNode integrity = get(peer, "/actuator/health").get("components").get("chainIntegrity");
      JsonNode details = integrity.get("details");
      if ("FULL".equals(details.get("scope").stringValue())
          && !details.get("scanning").booleanValue()
          && !Instant.parse(details.get("checkedAt").stringValue()).isBefore(asked)) {
        return integrity;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no full verification of peer-" + peer + " since " + asked);
      }
      Thread.sleep(50);
    }
  }

  public static JsonNode json(String text) {
    return JSON.readTree(text);
  }

  /** The block hashes of a peer's chain, genesis first. */
  public List<String> chainHashes(int peer) throws Exception {
    List<String> hashes = new ArrayList<>();
    for (JsonNode block : get(peer, "/api/v1/blocks?from=0&limit=100")) {
      hashes.add(block.get("hash").stringValue());
    }
    return hashes;
  }

  @Override
  public void close() {
    for (int i = SIZE; i >= 1; i--) {
      stop(i);
    }
  }
}
