package io.qkdchain.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Five hosts on one machine: scripts/cluster.sh --netns runs the simulator and each peer in a
 * network namespace of its own, with its own address, so that no peer can reach another on
 * 127.0.0.1. Commits over mutual TLS to the KME by its address (TLS names), peers reaching each
 * other at their configured URLs with authenticated peer routes, a SIGKILLed peer catching up, and
 * the dashboard and its topology: none of it may assume a loopback.
 *
 * <p>Needs root (it makes namespaces, veth pairs, a bridge) and the packaged jars; skipped where it
 * is not root. Everything it makes is deleted afterwards.
 */
class NetnsClusterIT {

  private static final List<String> HOSTS = List.of("sim", "peer-1", "peer-2", "peer-3", "peer-4");
  private static final Duration UP = Duration.ofSeconds(420);
  private static final Duration SHORT = Duration.ofSeconds(30);

  @TempDir Path runDir;

  private final Checkout checkout = Checkout.find();
  private final PhaseClock clock = new PhaseClock("netns");
  private NetworkNamespaces hosts;
  private ClusterScript cluster;
  private final List<PeerApi> peers = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    Optional<String> why = NetworkNamespaces.unavailable();
    if (why.isPresent()) {
      System.out.println("netns: SKIPPED, " + why.get());
      abort("skipped: " + why.get());
    }
    assertThat(checkout.applicationsBuilt())
        .as("the peer and simulator jars are built (mvn verify packages them)")
        .isTrue();
    hosts = new NetworkNamespaces(HOSTS);
    clock.lap("namespaces, veths, bridge");
    cluster = new ClusterScript(checkout, runDir);
    // The default ports on every host: each namespace has its own.
    cluster.require(
        UP,
        "up",
        "--no-build",
        "--netns",
        hosts.prefix(),
        "--qkd",
        "sim-mtls",
        "--peer-property",
        "qkdchain.consensus.view-timeout=1s",
        // Five JVMs starting at once on two cores, which other builds may share.
        "--wait-seconds",
        "200");
    for (int i = 1; i <= 4; i++) {
      peers.add(new PeerApi(URI.create(peerUrl(i))));
    }
    clock.lap("cluster.sh up");
  }

  @AfterEach
  void stop() throws Exception {
    try {
      if (cluster != null) {
        cluster.call(SHORT, "down");
      }
    } finally {
      if (hosts != null) {
        hosts.close();
        assertThat(hosts.leftovers()).as("namespaces and links left behind").isEmpty();
      }
      System.out.println(clock.summary());
    }
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void five_hosts_commit_catch_up_and_serve_the_dashboard_without_a_loopback() throws Exception {
    for (String host : HOSTS) {
      long pid =
          Long.parseLong(Files.readString(runDir.resolve(host).resolve(host + ".pid")).strip());
      assertThat(hosts.namespaceOf(pid))
          .as("namespace of %s", host)
          .isEqualTo(hosts.namespace(host));
    }
    for (String host : HOSTS) {
      Path config =
          runDir.resolve(host).resolve(host.equals("sim") ? "sim.properties" : "peer.properties");
      assertThat(Files.readString(config))
          .as("configuration of %s", host)
          .doesNotContain("127.0.0.1")
          .doesNotContain("localhost");
    }
    assertThat(subjectAltNames(runDir.resolve("certs/kme.crt")))
        .as("the KME's certificate names its address")
        .contains(hosts.address("sim"));
    // peer-1 reaches peer-2 at its address, and nothing at all on its own loopback.
    assertThat(hosts.exec("peer-1", "python3", probe(), "health", peerUrl(2)).exitCode())
        .as("peer-2 seen from peer-1's host")
        .isZero();
    assertThat(
            hosts.exec("peer-1", "python3", probe(), "health", "http://127.0.0.1:8082").exitCode())
        .as("peer-2 on peer-1's loopback")
        .isNotZero();
    clock.lap("placement checks");

    // Keys from the KME over mutual TLS by its address, vote orders from its QRNG, proposals and
    // votes over the authenticated peer routes at the configured URLs.
    JsonNode first = peers.get(0).submitAndWait("first, across five hosts");
    long index = first.path("blockIndex").asLong();
    for (PeerApi peer : peers) {
      assertThat(peer.awaitBlock(index, SHORT).toString()).contains("first, across five hosts");
    }
    clock.lap("first commit on all four");

    assertThat(cluster.require(SHORT, "kill", "peer-3")).contains("killed peer-3");
    long last = index;
    for (int i : new int[] {1, 2, 4}) {
      last =
          peers
              .get(i - 1)
              .submitAndWait("while peer-3 is down, via peer-" + i)
              .path("blockIndex")
              .asLong();
    }
    cluster.require(Duration.ofSeconds(100), "start", "peer-3");
    assertThat(hosts.namespaceOf(pid("peer-3"))).isEqualTo(hosts.namespace("peer-3"));
    peers.get(2).awaitBlock(last, Duration.ofSeconds(60));
    List<String> reference = peers.get(0).blockHashes();
    for (PeerApi peer : peers.subList(1, 4)) {
      assertThat(awaitHashes(peer, reference.size()).subList(0, reference.size()))
          .as("chain of %s", peer.base())
          .isEqualTo(reference);
    }
    clock.lap("SIGKILL peer-3, catch-up");

    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> page =
        http.send(
            HttpRequest.newBuilder(URI.create(peerUrl(2) + "/")).timeout(SHORT).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("dashboard.js");
    JsonNode topology =
        JsonMapper.builder()
            .build()
            .readTree(
                http.send(
                        HttpRequest.newBuilder(URI.create(peerUrl(2) + "/api/v1/topology"))
                            .timeout(SHORT)
                            .build(),
                        HttpResponse.BodyHandlers.ofString())
                    .body());
    List<String> urls = new ArrayList<>();
    topology.path("peers").forEach(peer -> urls.add(peer.path("url").asString()));
    assertThat(urls).containsExactly(peerUrl(1), peerUrl(2), peerUrl(3), peerUrl(4));
    clock.lap("dashboard");
  }

  private String peerUrl(int i) {
    return "http://" + hosts.address("peer-" + i) + ":" + (8080 + i);
  }

  private String probe() {
    return checkout.script("lib/probe.py").toString();
  }

  private long pid(String host) throws Exception {
    return Long.parseLong(Files.readString(runDir.resolve(host).resolve(host + ".pid")).strip());
  }

  private static List<String> awaitHashes(PeerApi peer, int size) throws Exception {
    long deadline = System.nanoTime() + SHORT.toNanos();
    List<String> hashes = peer.blockHashes();
    while (hashes.size() < size && System.nanoTime() < deadline) {
      Thread.sleep(200);
      hashes = peer.blockHashes();
    }
    assertThat(hashes).as("blocks of %s", peer.base()).hasSizeGreaterThanOrEqualTo(size);
    return hashes;
  }

  private static List<String> subjectAltNames(Path certificate) throws Exception {
    X509Certificate x509 =
        (X509Certificate)
            CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(certificate)));
    List<String> names = new ArrayList<>();
    for (List<?> entry : x509.getSubjectAlternativeNames()) {
      names.add(String.valueOf(entry.get(1)));
    }
    return names;
  }
}
