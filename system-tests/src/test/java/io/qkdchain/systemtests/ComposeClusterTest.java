package io.qkdchain.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import tools.jackson.databind.JsonNode;

/**
 * docker-compose.yml as a user runs it: image built from the Dockerfile, certificates made by the
 * init step, simulator over mutual TLS and four peers. Skipped where no Docker engine runs.
 */
@Testcontainers(disabledWithoutDocker = true)
class ComposeClusterTest {

  private static final int[] PEER_PORTS = {8081, 8082, 8083, 8084};
  // The peers share the simulator's network namespace, so all their ports belong to "kme".
  private static final String NETWORK_OWNER = "kme";

  @Container static final ComposeContainer COMPOSE = compose();

  private static ComposeContainer compose() {
    ComposeContainer compose =
        new ComposeContainer(Checkout.find().root().resolve("docker-compose.yml").toFile())
            .withBuild(true)
            .withRemoveVolumes(true)
            .withStartupTimeout(Duration.ofMinutes(15));
    for (int port : PEER_PORTS) {
      compose.withExposedService(
          NETWORK_OWNER,
          port,
          Wait.forHttp("/actuator/health")
              .forStatusCode(200)
              .withStartupTimeout(Duration.ofMinutes(15)));
    }
    return compose;
  }

  @Test
  void a_transaction_sent_to_one_peer_is_committed_in_the_same_block_on_all_four()
      throws Exception {
    JsonNode committed = peer(8081).submitAndWait("hello from docker compose");
    long index = committed.path("blockIndex").asLong();

    Set<String> hashes = new HashSet<>();
    for (int port : PEER_PORTS) {
      JsonNode block = peer(port).awaitBlock(index, Duration.ofSeconds(30));
      assertThat(block.path("transactions").toString()).contains("hello from docker compose");
      hashes.add(block.path("hash").asString());
    }
    assertThat(hashes).hasSize(1);
  }

  private static PeerApi peer(int port) {
    String host = COMPOSE.getServiceHost(NETWORK_OWNER, port);
    int mapped = COMPOSE.getServicePort(NETWORK_OWNER, port);
    return new PeerApi(URI.create("http://" + host + ":" + mapped));
  }
}
