package io.qkdchain.peer.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdchain.peer.consensus.PeerId;
import io.qkdchain.qrng.FallbackPolicy;
import io.qkdchain.qrng.QrngConfig;
import io.qkdchain.toeplitz.ToeplitzFamily;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class PeerSettingsTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner().withUserConfiguration(SettingsConfiguration.class);

  private static String[] cluster(String... extra) {
    List<String> values = new ArrayList<>();
    values.add("qkdchain.peer-id=peer-1");
    for (int i = 1; i <= 4; i++) {
      values.add("qkdchain.peers[" + (i - 1) + "].id=peer-" + i);
      values.add("qkdchain.peers[" + (i - 1) + "].url=http://127.0.0.1:808" + i);
    }
    values.add("qkdchain.keys.kme.base-url=http://127.0.0.1:8443/sae/peer-1");
    values.addAll(List.of(extra));
    return values.toArray(String[]::new);
  }

  @Test
  void a_valid_cluster_gets_the_documented_defaults() {
    runner
        .withPropertyValues(cluster())
        .run(
            context -> {
              PeerSettings settings = context.getBean(PeerSettings.class);
              assertThat(settings.membership().quorum()).isEqualTo(3);
              assertThat(settings.membership().faults()).isEqualTo(1);
              assertThat(settings.consensus().family()).isEqualTo(ToeplitzFamily.LFSR);
              assertThat(settings.consensus().tagBits()).isEqualTo(256);
              assertThat(settings.consensus().maxBlockBytes()).isEqualTo(8L * 1024 * 1024);
              assertThat(settings.consensus().maxTransactionBytes()).isEqualTo(1024 * 1024);
              assertThat(settings.consensus().viewTimeout()).hasSeconds(3);
              assertThat(settings.consensus().prefetchKeys()).isTrue();
              assertThat(settings.keyDeadline()).hasSeconds(10);
              assertThat(settings.saeIds()).containsEntry(PeerId.of("peer-3"), "peer-3");
              assertThat(settings.links()).hasSize(3);
              assertThat(settings.links().get(PeerId.of("peer-2")).classical()).isFalse();
              assertThat(settings.qrng()).isEmpty();
              assertThat(settings.storageDir().toString()).isEqualTo("data/peer-1");
              assertThat(settings.storage().verifyInterval()).hasHours(1);
              assertThat(settings.storage().verifyCpuShare()).isEqualTo(0.25);
            });
  }

  @Test
  void a_per_link_override_replaces_only_what_it_names() {
    runner
        .withPropertyValues(
            cluster(
                "qkdchain.keys.kme.method=GET",
                "qkdchain.links.peer-4.source=classical",
                "qkdchain.links.peer-2.kme.base-url=http://127.0.0.1:9443/sae/peer-1"))
        .run(
            context -> {
              PeerSettings settings = context.getBean(PeerSettings.class);
              LinkSettings two = settings.links().get(PeerId.of("peer-2"));
              assertThat(two.kme().baseUrl()).hasPort(9443);
              assertThat(two.kme().method().name()).isEqualTo("GET");
              assertThat(settings.links().get(PeerId.of("peer-4")).classical()).isTrue();
            });
  }

  @Test
  void key_prefetch_is_turned_off_by_setting_it_false() {
    runner
        .withPropertyValues(cluster("qkdchain.consensus.prefetch-keys=false"))
        .run(
            context ->
                assertThat(context.getBean(PeerSettings.class).consensus().prefetchKeys())
                    .isFalse());
  }

  @Test
  void the_qrng_settings_reach_the_qrng_client_and_a_bad_draw_wait_is_named() {
    runner
        .withPropertyValues(
            cluster(
                "qkdchain.qrng.base-url=http://127.0.0.1:8443",
                "qkdchain.qrng.api-key=test-key",
                "qkdchain.qrng.fallback=fail",
                "qkdchain.qrng.retry-after=5s",
                "qkdchain.qrng.draw-wait=250ms"))
        .run(
            context -> {
              QrngConfig qrng = context.getBean(PeerSettings.class).qrng().orElseThrow();
              assertThat(qrng.fallbackPolicy()).isEqualTo(FallbackPolicy.FAIL);
              assertThat(qrng.retryAfter()).hasSeconds(5);
              assertThat(qrng.drawWait()).hasMillis(250);
            });
    assertFailure(
        "qkdchain.qrng.draw-wait: must be a positive duration",
        "qkdchain.qrng.base-url=http://127.0.0.1:8443",
        "qkdchain.qrng.api-key=test-key",
        "qkdchain.qrng.draw-wait=0s");
  }

  @Test
  void the_quorum_defaults_to_n_minus_f_for_eight_peers_and_takes_the_one_safe_live_value() {
    List<String> eight = new ArrayList<>(List.of("qkdchain.dimension=3"));
    for (int i = 5; i <= 8; i++) {
      eight.add("qkdchain.peers[" + (i - 1) + "].id=peer-" + i);
      eight.add("qkdchain.peers[" + (i - 1) + "].url=http://127.0.0.1:808" + i);
    }
    runner
        .withPropertyValues(cluster(eight.toArray(String[]::new)))
        .run(
            context -> {
              assertThat(context.getBean(PeerSettings.class).membership().quorum()).isEqualTo(6);
              assertThat(context.getBean(PeerSettings.class).membership().faults()).isEqualTo(2);
            });
    runner
        .withPropertyValues(cluster("qkdchain.consensus.quorum=3"))
        .run(
            context ->
                assertThat(context.getBean(PeerSettings.class).membership().quorum()).isEqualTo(3));
  }

  @Test
  void a_quorum_unsafe_with_f_liars_or_unreachable_with_f_silent_fails_start_up_naming_the_key() {
    assertFailure(
        "qkdchain.consensus.quorum: quorum 2 of 4 is unsafe: two quorums must share at least f + 1"
            + " = 2 members with f = 1 liars, so it must be at least 3",
        "qkdchain.consensus.quorum=2");
    assertFailure(
        "qkdchain.consensus.quorum: quorum 4 of 4 cannot be reached with f = 1 members silent, so"
            + " it must be at most 3",
        "qkdchain.consensus.quorum=4");
  }

  @Test
  void the_retired_vote_threshold_fails_start_up_pointing_to_the_quorum() {
    assertFailure(
        "qkdchain.consensus.vote-threshold: is no longer read: votes are now counted per member,"
            + " not per (initiator, voter) pair. The original's 12 of 16 vote pairs maps to quorum"
            + " 3 of 4; remove this key, and set qkdchain.consensus.quorum only to change the"
            + " default N - f (3 of 4 here)",
        "qkdchain.consensus.vote-threshold=12");
    // Even together with a valid quorum: a stale key must not be silently ignored.
    assertFailure(
        "qkdchain.consensus.vote-threshold: is no longer read",
        "qkdchain.consensus.vote-threshold=9",
        "qkdchain.consensus.quorum=3");
  }

  @Test
  void each_bad_key_is_named_in_the_start_up_failure() {
    assertFailure("qkdchain.peers: dimension 3 needs exactly 8 peers", "qkdchain.dimension=3");
    assertFailure("qkdchain.peer-id: peer-7 is not among", "qkdchain.peer-id=peer-7");
    assertFailure(
        "qkdchain.mac.tag-bits: lfsr tags must be a multiple of 8", "qkdchain.mac.tag-bits=100");
    assertFailure(
        "qkdchain.keys.kme.base-url: is required when the key source is etsi014",
        "qkdchain.keys.kme.base-url=");
    assertFailure(
        "qkdchain.keys.kme.client-certificate: file /nonexistent/peer-1.crt does not exist",
        "qkdchain.keys.kme.base-url=https://127.0.0.1:8443",
        "qkdchain.keys.kme.client-certificate=/nonexistent/peer-1.crt",
        "qkdchain.keys.kme.client-key=/nonexistent/peer-1.key");
    assertFailure(
        "qkdchain.qrng.api-key: is required", "qkdchain.qrng.base-url=http://127.0.0.1:8443");
    assertFailure(
        "qkdchain.links.peer-1: names no other member", "qkdchain.links.peer-1.source=classical");
    assertFailure(
        "qkdchain.peers[1].url: must be an http or https URL", "qkdchain.peers[1].url=ftp://x");
    assertFailure(
        "qkdchain.storage.verify-cpu-share: must be above 0",
        "qkdchain.storage.verify-cpu-share=0");
    assertFailure(
        "qkdchain.storage.verify-cpu-share: must be above 0",
        "qkdchain.storage.verify-cpu-share=1.5");
  }

  @Test
  void classical_mode_needs_no_kme() {
    runner
        .withPropertyValues(
            cluster("qkdchain.keys.kme.base-url=", "qkdchain.keys.source=classical"))
        .run(context -> assertThat(context).hasNotFailed());
  }

  private void assertFailure(String messageStart, String... overrides) {
    runner
        .withPropertyValues(cluster(overrides))
        .run(
            context -> {
              assertThat(context).hasFailed();
              Throwable cause = context.getStartupFailure();
              while (cause.getCause() != null && !(cause instanceof InvalidPropertyException)) {
                cause = cause.getCause();
              }
              assertThat(cause).isInstanceOf(InvalidPropertyException.class);
              assertThat(cause.getMessage()).startsWith(messageStart);
            });
  }
}
