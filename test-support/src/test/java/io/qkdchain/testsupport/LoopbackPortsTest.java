package io.qkdchain.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LoopbackPortsTest {

  @Test
  void ports_lie_below_the_ephemeral_range_and_are_never_handed_out_twice() {
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      int port = LoopbackPorts.free();
      assertThat(port).isBetween(LoopbackPorts.LOWEST, LoopbackPorts.ephemeralLow() - 1);
      assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue();
    }
  }

  @Test
  void the_ephemeral_range_is_the_kernels() throws Exception {
    Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    assumeTrue(Files.isReadable(range), "no " + range + " (not Linux)");
    String first;
    try (BufferedReader reader = Files.newBufferedReader(range)) {
      first = reader.readLine().trim().split("\\s+")[0];
    }
    assertThat(LoopbackPorts.ephemeralLow())
        .isEqualTo(Math.max(LoopbackPorts.LOWEST + 1_000, Integer.parseInt(first)));
  }

  @Test
  void a_run_of_ports_can_all_be_bound() throws Exception {
    int base = LoopbackPorts.baseOfRun(4);

    for (int port = base; port <= base + 4; port++) {
      try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        assertThat(socket.getLocalPort()).isEqualTo(port);
      }
    }
    assertThat(base + 4).isLessThan(LoopbackPorts.ephemeralLow());
  }

  @Test
  void a_configured_range_bounds_every_run_and_a_bad_one_is_refused() {
    assertThat(LoopbackPorts.bases("30000-30100", 4)).containsExactly(30_000, 30_097);
    assertThat(LoopbackPorts.bases(" 30000-30000 ", 0)).containsExactly(30_000, 30_001);
    assertThat(LoopbackPorts.bases(null, 4))
        .containsExactly(LoopbackPorts.LOWEST, LoopbackPorts.ephemeralLow() - 5);
    for (String bad :
        new String[] {"30000", "30000-", "a-b", "30000-30003", "80-90", "30000-65000"}) {
      assertThatThrownBy(() -> LoopbackPorts.bases(bad, 4))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(LoopbackPorts.RANGE_VARIABLE);
    }
  }

  @Test
  void a_port_another_socket_holds_is_not_free() throws Exception {
    int port = 20_000 + (int) (ProcessHandle.current().pid() % 5_000);
    while (!LoopbackPorts.allFree(port, 0)) {
      port++;
    }
    try (ServerSocket busy = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      assertThat(LoopbackPorts.allFree(port, 0)).isFalse();
      assertThat(LoopbackPorts.allFree(port - 1, 1)).isFalse();
    }
    assertThat(LoopbackPorts.allFree(port, 0)).isTrue();
  }
}
