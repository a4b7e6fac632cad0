package io.qkdchain.peer.cluster;

import io.qkdchain.etsi014.Etsi014Client;
import io.qkdchain.etsi014.KeyContainer;
import io.qkdchain.etsi014.KeyRequest;
import io.qkdchain.etsi014.KmeConfig;
import io.qkdchain.etsi014.RetryPolicy;
import io.qkdchain.etsi014.TlsConfig;
import io.qkdchain.testsupport.LoopbackPorts;
import io.qkdchain.testsupport.pki.CertificateDirectory;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.DefaultResourceLoader;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real qkd-simulator (KMEs of the whole QKD network plus the QRNG service) running in this JVM
 * on a loopback port, either over mutual TLS (its {@code tls} profile, certificates from a {@link
 * CertificateDirectory}) or over plain HTTP; with its {@code /sim/stats} counters for key
 * accounting.
 */
final class SimulatedKmeNetwork implements AutoCloseable {

  static final String QRNG_API_KEY = "sim-qrng-key";
  private static final String APPLICATION = "io.qkdchain.simulator.QkdSimulatorApplication";
  private static final String PACKAGED_CLASSES = "BOOT-INF/classes/";
  // Its own files only: the peers' application.yml is on the same class path.
  private static final String OWN_CONFIG = "classpath:/application.properties";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  static {
    // The same reason as in LocalCluster: one logback context shared by every app in this JVM.
    System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
  }

  private static ClassLoader simulatorLoader;

  private final CertificateDirectory pki;
  private final ConfigurableApplicationContext context;
  private final int port;
  private final HttpClient http;

  private SimulatedKmeNetwork(CertificateDirectory pki, Map<String, String> properties) {
    this.pki = pki;
    String[] args =
        properties.entrySet().stream()
            .map(e -> "--" + e.getKey() + "=" + e.getValue())
            .toArray(String[]::new);
    ClassLoader loader = simulatorClassLoader();
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      this.context =
          new SpringApplicationBuilder()
              .sources(Class.forName(APPLICATION, true, loader))
              .resourceLoader(new DefaultResourceLoader(loader))
              .run(args);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("qkd-simulator is not on the test classpath", e);
    } finally {
      thread.setContextClassLoader(previous);
    }
    this.port = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
    HttpClient.Builder client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5));
    this.http = (pki == null ? client : client.sslContext(pki.trustingCa())).build();
  }

  /**
   * Over mutual TLS on a free port below the ephemeral range (so it can be restarted on it): the
   * SAE is the client certificate's CN.
   *
   * @param simProperties {@code sim.*} knobs (fault injection, key rate, latency...)
   */
  static SimulatedKmeNetwork overMutualTls(
      CertificateDirectory pki, Map<String, String> simProperties) {
    return overMutualTls(pki, LoopbackPorts.free(), simProperties);
  }

  /** Over mutual TLS on the given port, e.g. to restart a KME network with other knobs. */
  static SimulatedKmeNetwork overMutualTls(
      CertificateDirectory pki, int port, Map<String, String> simProperties) {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("spring.profiles.active", "tls");
    properties.put("spring.config.location", OWN_CONFIG + ",classpath:/application-tls.properties");
    properties.put("sim.tls-dir", pki.dir().toString());
    properties.put("server.address", "127.0.0.1");
    properties.put("server.port", Integer.toString(port));
    properties.putAll(simProperties);
    return new SimulatedKmeNetwork(pki, properties);
  }

  /** Over plain HTTP on the given port (0 = random), e.g. as a QRNG service alone. */
  static SimulatedKmeNetwork overPlainHttp(int port, Map<String, String> simProperties) {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("spring.config.location", OWN_CONFIG);
    properties.put("server.address", "127.0.0.1");
    properties.put("server.port", Integer.toString(port));
    properties.putAll(simProperties);
    return new SimulatedKmeNetwork(null, properties);
  }

  int port() {
    return port;
  }

  String baseUrl() {
    return (pki == null ? "http" : "https") + "://127.0.0.1:" + port;
  }

  /**
   * Peer properties that take round keys from this KME network as SAE {@code saeId} over mutual TLS
   * and vote orders from its QRNG (which needs only the CA).
   */
  Map<String, String> peerProperties(String saeId) {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("qkdchain.keys.source", "etsi014");
    properties.put("qkdchain.keys.kme.base-url", baseUrl());
    properties.put("qkdchain.keys.kme.client-certificate", pki.certificate(saeId).toString());
    properties.put("qkdchain.keys.kme.client-key", pki.privateKey(saeId).toString());
    properties.put("qkdchain.keys.kme.ca-certificate", pki.caCertificate().toString());
    properties.put("qkdchain.qrng.base-url", baseUrl());
    properties.put("qkdchain.qrng.api-key", QRNG_API_KEY);
    properties.put("qkdchain.qrng.ca-certificate", pki.caCertificate().toString());
    return properties;
  }

  /**
   * Four peers (not yet started) on this KME network, each with its own client certificate.
   *
   * @param shared properties every peer gets (consensus timing, QRNG policy...)
   */
  LocalCluster cluster(Path root, Map<String, String> shared) {
    LocalCluster cluster = new LocalCluster(root, shared);
    for (int peer = 1; peer <= LocalCluster.SIZE; peer++) {
      cluster.with(peer, peerProperties("peer-" + peer));
    }
    return cluster;
  }

  /** {@code GET /sim/stats}: key bits made and read per (master, slave) pair, errors by status. */
  JsonNode stats() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(baseUrl() + "/sim/stats"))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("/sim/stats answered " + response.statusCode());
    }
    return JSON.readTree(response.body());
  }

  /** {@code POST /sim/stats/reset}: counts start again from zero. */
  void resetStats() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(baseUrl() + "/sim/stats/reset"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("/sim/stats/reset answered " + response.statusCode());
    }
  }

  /**
   * Takes {@code bits} of key for every ordered pair of the SAEs through the ETSI API, and has each
   * slave read its key, as a round would: every link's key-rate bucket is spent, yet every key made
   * is read exactly once.
   */
  void spendEveryLink(List<String> saeIds, int bits) {
    Map<String, Etsi014Client> clients = new LinkedHashMap<>();
    try {
      saeIds.forEach(id -> clients.put(id, client(id)));
      for (String master : saeIds) {
        for (String slave : saeIds) {
          if (master.equals(slave)) {
            continue;
          }
          try (KeyContainer made =
                  clients.get(master).getKeys(slave, KeyRequest.of(1, bits)).block();
              KeyContainer read =
                  clients.get(slave).getKeysWithIds(master, made.keyIds()).block()) {
            if (!read.keyIds().equals(made.keyIds())) {
              throw new IllegalStateException("the slave read other keys than the master made");
            }
          }
        }
      }
    } finally {
      clients.values().forEach(Etsi014Client::close);
    }
  }

  private Etsi014Client client(String saeId) {
    return new Etsi014Client(
        KmeConfig.builder(URI.create(baseUrl()), saeId)
            .tls(TlsConfig.pem(pki.certificate(saeId), pki.privateKey(saeId), pki.caCertificate()))
            .retry(RetryPolicy.none())
            .build());
  }

  /**
   * The simulator's classes. In a reactor build the qkd-simulator dependency is its Spring Boot
   * executable jar, whose classes and {@code application.properties} sit under {@code
   * BOOT-INF/classes/}: a child loader reads them there. That also keeps the simulator's properties
   * (its port, its actuator exposure) out of the peers' configuration, which shares this JVM's
   * class path.
   */
  private static synchronized ClassLoader simulatorClassLoader() {
    if (simulatorLoader == null) {
      ClassLoader parent = SimulatedKmeNetwork.class.getClassLoader();
      String classFile = APPLICATION.replace('.', '/') + ".class";
      URL packaged = parent.getResource(PACKAGED_CLASSES + classFile);
      if (packaged == null) {
        simulatorLoader = parent;
      } else {
        String url = packaged.toString();
        try {
          simulatorLoader =
              new URLClassLoader(
                  "qkd-simulator",
                  new URL[] {
                    URI.create(url.substring(0, url.length() - classFile.length())).toURL()
                  },
                  parent);
        } catch (MalformedURLException e) {
          throw new IllegalStateException("cannot load the simulator from " + url, e);
        }
      }
    }
    return simulatorLoader;
  }

  @Override
  public void close() {
    context.close();
  }
}
