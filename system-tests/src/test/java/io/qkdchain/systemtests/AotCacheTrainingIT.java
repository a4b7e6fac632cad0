package io.qkdchain.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdchain.testsupport.LoopbackPorts;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first `scripts/cluster.sh up` after a build trains the Java 25 AOT caches under load
 * (scripts/lib/aot-cache.sh: a throw-away cluster on the run's ports, recorded, stopped, each cache
 * created from its record), and the cluster it then starts runs from them. An integration test
 * (failsafe): it needs the packaged jars, the load generator's among them.
 */
class AotCacheTrainingIT {

  private static final Duration UP_WITH_TRAINING = Duration.ofSeconds(400);
  private static final Duration SHORT = Duration.ofSeconds(30);
  private static final Duration RESTART = Duration.ofSeconds(180);

  @TempDir Path runDir;

  private final Checkout checkout = Checkout.find();
  private ClusterScript cluster;

  @AfterEach
  void stop() throws Exception {
    if (cluster != null) {
      cluster.call(SHORT, "down");
    }
  }

  @Test
  @Timeout(value = 660, unit = TimeUnit.SECONDS)
  void the_first_up_after_a_build_trains_the_caches_under_load_and_starts_from_them()
      throws Exception {
    assertThat(checkout.applicationsBuilt()).as("the packaged jars").isTrue();
    List<Path> appDirs =
        List.of(
            checkout.root().resolve("peer-node/target/app"),
            checkout.root().resolve("qkd-simulator/target/app"));
    for (Path dir : appDirs) {
      deleteTree(dir); // caches of an earlier run would fit and skip the training
    }
    int basePort = LoopbackPorts.baseOfRun(4);
    int simPort = LoopbackPorts.free();
    cluster = new ClusterScript(checkout, runDir);

    String output =
        cluster.require(
            UP_WITH_TRAINING,
            "up",
            "--base-port",
            String.valueOf(basePort),
            "--sim-port",
            String.valueOf(simPort),
            "--wait-seconds",
            "120");

    assertThat(output)
        .contains("training the AOT caches under load")
        .doesNotContain("training under load failed")
        .doesNotContain("was not written")
        .doesNotContain("training the peer's AOT cache at start")
        .doesNotContain("no AOT cache fits")
        .contains("4 peers healthy");
    for (Path dir : appDirs) {
      assertThat(dir.resolve("app.aot")).isNotEmptyFile();
      assertThat(dir.resolve("app.aotconf")).as("the record, used up").doesNotExist();
    }
    for (String process : List.of("sim", "peer-1", "peer-2", "peer-3", "peer-4")) {
      assertThat(commandLine(process))
          .as("%s starts from its cache", process)
          .contains("-XX:AOTCache=")
          .doesNotContain("AOTMode=record");
    }
    PeerApi peer = new PeerApi(URI.create("http://127.0.0.1:" + (basePort + 2)));
    assertThat(peer.submitAndWait("after the training").path("status").asString())
        .isEqualTo("COMMITTED");

    // Other JVM options for the peers: their cache no longer fits, and `restart` never trains,
    // so the peers start from the jar and the script says so; the simulator keeps its cache.
    String restarted =
        cluster
            .withPeerJavaOpts("-Xmx320m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC")
            .require(RESTART, "restart");
    assertThat(restarted)
        .contains("no AOT cache fits peer-node")
        .doesNotContain("no AOT cache fits qkd-simulator")
        .contains("4 peers healthy");
    assertThat(commandLine("peer-1")).doesNotContain("-XX:AOTCache=").contains("-Xmx320m");
    assertThat(commandLine("sim")).contains("-XX:AOTCache=");
    assertThat(peer.submitAndWait("after the restart").path("status").asString())
        .isEqualTo("COMMITTED");
  }

  /** The command line of a running process of the cluster, from its pid file and /proc. */
  private String commandLine(String process) throws IOException {
    String pid = Files.readString(runDir.resolve(process).resolve(process + ".pid")).trim();
    byte[] cmdline = Files.readAllBytes(Path.of("/proc", pid, "cmdline"));
    return new String(cmdline, StandardCharsets.UTF_8).replace('\0', ' ');
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
