package io.qkdchain.simulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The simulator in its TLS profile on a random port, with certificates from {@link TestPki}.
 * Subclasses share one application context.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "sim.max-sae-id-count=2")
@ActiveProfiles("tls")
abstract class MutualTlsSimulatorTest {

  @DynamicPropertySource
  static void tls(DynamicPropertyRegistry registry) {
    registry.add("sim.tls-dir", () -> TestPki.shared().dir().toString());
  }

  @LocalServerPort int port;
  KmeClients kme;

  @BeforeEach
  void openClients() {
    kme = KmeClients.overMutualTls(port, TestPki.shared());
  }

  @AfterEach
  void closeClients() {
    kme.close();
  }

  /** A raw exchange as SAE {@code saeId}, for what the project's client refuses to send. */
  HttpResponse<String> exchange(String saeId, String method, String path, String jsonBody)
      throws Exception {
    HttpClient http =
        HttpClient.newBuilder()
            .sslContext(TestPki.shared().sslContext(saeId))
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json");
    request.method(
        method,
        jsonBody == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(jsonBody));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
