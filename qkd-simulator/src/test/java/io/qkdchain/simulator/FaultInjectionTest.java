package io.qkdchain.simulator;

import static io.qkdchain.simulator.KmeClients.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.qkdchain.etsi014.HttpForm;
import io.qkdchain.etsi014.KeyEncoding;
import io.qkdchain.etsi014.KeyMaterialUnavailable;
import io.qkdchain.etsi014.KeyRequest;
import io.qkdchain.etsi014.RetryPolicy;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Every third ETSI call answers 503, whatever it asks. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "sim.fail-every=3")
class FaultInjectionTest {

  @LocalServerPort int port;
  KmeClients kme;

  @BeforeEach
  void openClients() {
    kme = KmeClients.overPlainHttp(port, KeyEncoding.BASE64);
  }

  @AfterEach
  void closeClients() {
    kme.close();
  }

  @Test
  void exactly_one_call_in_three_fails_with_503() {
    var master = kme.sae("peer-1");
    int failures = 0;
    for (int call = 0; call < 9; call++) {
      try {
        await(master.status("peer-2"));
      } catch (KeyMaterialUnavailable injected) {
        assertThat(injected.httpStatus()).isEqualTo(503);
        assertThat(injected.serverMessage()).contains("sim.fail-every=3");
        failures++;
      }
    }
    assertThat(failures).isEqualTo(3);
  }

  @Test
  void the_project_client_retries_through_injected_faults() {
    var patient =
        kme.sae(
            "peer-1",
            HttpForm.GET,
            new RetryPolicy(
                3, Duration.ofMillis(10), Duration.ofMillis(20), 0, Duration.ofSeconds(5)));
    for (int round = 0; round < 4; round++) {
      var made = await(patient.getKeys("peer-2", KeyRequest.of(1, 128)));
      var reader =
          kme.sae(
              "peer-2",
              HttpForm.GET,
              new RetryPolicy(
                  3, Duration.ofMillis(10), Duration.ofMillis(20), 0, Duration.ofSeconds(5)));
      assertThat(await(reader.getKeysWithIds("peer-1", made.keyIds())).keys()).hasSize(1);
    }
  }
}
