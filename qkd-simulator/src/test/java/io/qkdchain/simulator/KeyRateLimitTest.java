package io.qkdchain.simulator;

import static io.qkdchain.simulator.KmeClients.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qkdchain.etsi014.HttpForm;
import io.qkdchain.etsi014.KeyMaterialUnavailable;
import io.qkdchain.etsi014.KeyRequest;
import io.qkdchain.etsi014.RetryPolicy;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A link that makes 1,024 key bits per second and buffers 2,048: a request beyond the buffer is
 * refused with 503 and succeeds once the link has refilled, about a second later.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"sim.key-rate-bps=1024", "sim.key-burst-bits=2048", "sim.max-key-count=6"})
@ActiveProfiles("tls")
class KeyRateLimitTest {

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

  @Test
  void a_request_beyond_the_bucket_is_refused_and_succeeds_after_refill() throws Exception {
    var master = kme.sae("rate-a");
    await(master.getKeys("rate-b", KeyRequest.of(2, 1024)));

    assertThatThrownBy(() -> await(master.getKeys("rate-b", KeyRequest.of(1, 1024))))
        .isInstanceOfSatisfying(
            KeyMaterialUnavailable.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(503);
              assertThat(e.serverMessage()).contains("key material exhausted");
            });

    long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
    boolean served = false;
    while (!served && System.nanoTime() < deadline) {
      Thread.sleep(100);
      try {
        served = await(master.getKeys("rate-b", KeyRequest.of(1, 1024))).keys().size() == 1;
      } catch (KeyMaterialUnavailable notYet) {
        served = false;
      }
    }
    assertThat(served).as("served after the bucket refilled").isTrue();
  }

  @Test
  void each_ordered_pair_has_its_own_bucket() {
    await(kme.sae("own-a").getKeys("own-b", KeyRequest.of(2, 1024)));

    assertThat(await(kme.sae("own-b").getKeys("own-a", KeyRequest.of(2, 1024))).keys()).hasSize(2);
    assertThat(await(kme.sae("own-a").getKeys("own-c", KeyRequest.of(2, 1024))).keys()).hasSize(2);
  }

  @Test
  void a_request_larger_than_the_bucket_can_never_be_served_and_says_so() {
    assertThatThrownBy(() -> await(kme.sae("big-a").getKeys("big-b", KeyRequest.of(3, 1024))))
        .isInstanceOfSatisfying(
            KeyMaterialUnavailable.class,
            e -> assertThat(e.serverMessage()).contains("sim.key-burst-bits"));
  }

  @Test
  void the_project_client_rides_out_exhaustion_with_its_retries() {
    var patient =
        kme.sae(
            "retry-a",
            HttpForm.POST,
            new RetryPolicy(
                20, Duration.ofMillis(100), Duration.ofMillis(200), 0, Duration.ofSeconds(5)));
    await(patient.getKeys("retry-b", KeyRequest.of(2, 1024)));

    assertThat(await(patient.getKeys("retry-b", KeyRequest.of(2, 1024))).keys()).hasSize(2);
  }

  @Test
  void a_full_key_store_answers_503_until_the_slave_reads() {
    var master = kme.sae("full-a");
    var made = await(master.getKeys("full-b", KeyRequest.of(6, 64)));

    assertThatThrownBy(() -> await(master.getKeys("full-b", KeyRequest.of(1, 64))))
        .isInstanceOfSatisfying(
            KeyMaterialUnavailable.class,
            e -> assertThat(e.serverMessage()).contains("key store full"));
    await(kme.sae("full-b").getKeysWithIds("full-a", made.keyIds().subList(0, 1)));
    assertThat(await(master.getKeys("full-b", KeyRequest.of(1, 64))).keys()).hasSize(1);
  }
}
