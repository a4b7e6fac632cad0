package io.qkdchain.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Options cluster.sh refuses before it builds or starts anything. */
class ClusterOptionsTest {

  private static final Duration SHORT = Duration.ofSeconds(30);

  @TempDir Path runDir;

  private ClusterScript cluster() {
    return new ClusterScript(Checkout.find(), runDir);
  }

  @Test
  void the_retired_threshold_option_is_refused_with_a_pointer_to_the_quorum() throws Exception {
    ClusterScript.Run run = cluster().call(SHORT, "up", "--threshold", "12", "--no-build");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.output())
        .contains("--threshold is retired")
        .contains("12 of 16 vote pairs maps to quorum 3 of 4")
        .contains("--quorum Q")
        .contains("qkdchain.consensus.quorum");
  }

  @Test
  void a_quorum_that_is_not_a_number_is_refused() throws Exception {
    ClusterScript.Run run = cluster().call(SHORT, "up", "--quorum", "most", "--no-build");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.output()).contains("--quorum must be a number, got 'most'");
  }
}
