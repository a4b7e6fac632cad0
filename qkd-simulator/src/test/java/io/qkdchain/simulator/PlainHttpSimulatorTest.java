package io.qkdchain.simulator;

import static io.qkdchain.simulator.KmeClients.await;
import static io.qkdchain.simulator.KmeClients.onlyKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.qkdchain.etsi014.KeyContainer;
import io.qkdchain.etsi014.KeyEncoding;
import io.qkdchain.etsi014.KeyRequest;
import io.qkdchain.etsi014.KeyStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Plain HTTP with the deviations seen in the field switched on: hex keys, capitalised status names,
 * and 80 ms of latency per call. SAEs name themselves with the /sae/{id} prefix.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"sim.key-encoding=hex", "sim.status-style=capitalised", "sim.latency=80ms"})
class PlainHttpSimulatorTest {

  @LocalServerPort int port;
  KmeClients kme;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeEach
  void openClients() {
    kme = KmeClients.overPlainHttp(port, KeyEncoding.HEX);
  }

  @AfterEach
  void closeClients() {
    kme.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void the_project_client_reads_hex_keys_with_the_sae_prefix_as_its_identity() {
    KeyContainer made = await(kme.sae("peer-1").getKeys("peer-2", KeyRequest.of(2, 256)));
    KeyContainer read = await(kme.sae("peer-2").getKeysWithIds("peer-1", made.keyIds()));

    assertThat(onlyKey(read)).isEqualTo(onlyKey(made)).hasSize(32);
  }

  @Test
  void keys_are_written_in_hex() throws Exception {
    String body = get("/sae/peer-1/api/v1/keys/peer-2/enc_keys?size=64").body();

    assertThat(body).matches(".*\"key\":\"[0-9a-f]{16}\".*");
  }

  @Test
  void status_fields_are_capitalised_and_the_project_client_still_reads_them() throws Exception {
    String body = get("/sae/peer-1/api/v1/keys/peer-2/status").body();
    KeyStatus status = await(kme.sae("peer-1").status("peer-2"));

    assertThat(body).contains("\"Master_SAE_ID\":\"peer-1\"", "\"Max_key_count\":");
    assertThat(status.masterSaeId()).isEqualTo("peer-1");
    assertThat(status.keySize()).isEqualTo(1024);
  }

  @Test
  void without_the_prefix_a_plain_caller_is_unauthorised() throws Exception {
    HttpResponse<String> answer = get("/api/v1/keys/peer-2/enc_keys");

    assertThat(answer.statusCode()).isEqualTo(401);
    assertThat(answer.body()).contains("/sae/{your_SAE_ID}");
  }

  @Test
  void every_call_takes_at_least_the_configured_latency() throws Exception {
    long started = System.nanoTime();
    get("/sae/peer-1/api/v1/keys/peer-2/status");
    get("/sim-qrng-key/qbck/block/short?size=1");
    long elapsedMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();

    assertThat(elapsedMillis).isGreaterThanOrEqualTo(160);
  }

  @Test
  void the_stats_can_be_reset() throws Exception {
    get("/sae/peer-1/api/v1/keys/peer-2/enc_keys");
    HttpRequest reset =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/sim/stats/reset"))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build();

    String afterReset = http.send(reset, HttpResponse.BodyHandlers.ofString()).body();

    assertThat(afterReset).contains("\"pairs\":[]", "\"keys_made\":0");
  }
}
