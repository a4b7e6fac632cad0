package io.qkdchain.peer;

import static io.qkdchain.peer.PeerNodeApplication.COMMON_POOL_PARALLELISM;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CommonPoolWideningTest {

  private String before;

  @BeforeEach
  void remember() {
    before = System.getProperty(COMMON_POOL_PARALLELISM);
  }

  @AfterEach
  void restore() {
    if (before == null) {
      System.clearProperty(COMMON_POOL_PARALLELISM);
    } else {
      System.setProperty(COMMON_POOL_PARALLELISM, before);
    }
  }

  @Test
  void a_peer_asks_for_two_common_pool_workers_when_nobody_said_otherwise() {
    System.clearProperty(COMMON_POOL_PARALLELISM);

    PeerNodeApplication.widenCommonPool();

    assertThat(System.getProperty(COMMON_POOL_PARALLELISM)).isEqualTo("2");
  }

  @Test
  void an_explicit_common_pool_setting_is_left_alone() {
    System.setProperty(COMMON_POOL_PARALLELISM, "7");

    PeerNodeApplication.widenCommonPool();

    assertThat(System.getProperty(COMMON_POOL_PARALLELISM)).isEqualTo("7");
  }
}
