package io.qkdchain.peer.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdchain.peer.config.AccessSettings;
import io.qkdchain.peer.config.SettingsConfiguration;
import io.qkdchain.peer.consensus.PeerId;
import io.qkdchain.peer.transport.ClaimedSenderAuthenticator;
import io.qkdchain.peer.transport.PeerAuthenticator;
import io.qkdchain.peer.transport.PeerRequestSigner;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.servlet.FilterRegistrationBean;

@ExtendWith(OutputCaptureExtension.class)
class AccessStartupTest {

  private static final String SECRET = "ab".repeat(32);

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withUserConfiguration(SettingsConfiguration.class, AccessConfiguration.class);

  private static String[] cluster(String... extra) {
    List<String> values = new ArrayList<>();
    values.add("qkdchain.peer-id=peer-1");
    for (int i = 1; i <= 4; i++) {
      values.add("qkdchain.peers[" + (i - 1) + "].id=peer-" + i);
      values.add("qkdchain.peers[" + (i - 1) + "].url=http://127.0.0.1:808" + i);
    }
    values.add("qkdchain.keys.source=classical");
    values.addAll(List.of(extra));
    return values.toArray(String[]::new);
  }

  private static String[] withSecrets(String... extra) {
    List<String> values = new ArrayList<>();
    for (int i = 2; i <= 4; i++) {
      values.add("qkdchain.peer-auth.secrets.peer-" + i + "=" + SECRET);
    }
    // Last, so that they override the defaults above.
    values.addAll(List.of(extra));
    return cluster(values.toArray(String[]::new));
  }

  @Test
  void hmac_is_the_default_and_takes_one_secret_per_other_member() {
    runner
        .withPropertyValues(withSecrets())
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              AccessSettings access = context.getBean(AccessSettings.class);
              assertThat(access.linkSecrets())
                  .containsOnlyKeys(PeerId.of("peer-2"), PeerId.of("peer-3"), PeerId.of("peer-4"));
              assertThat(access.toString()).doesNotContain(SECRET);
              assertThat(context.getBean(PeerAuthenticator.class))
                  .isInstanceOf(HmacPeerAuthenticator.class);
              assertThat(context.getBean(PeerRequestSigner.class))
                  .isInstanceOf(HmacRequestSigner.class);
              assertThat(context).doesNotHaveBean(FilterRegistrationBean.class);
            });
  }

  private static String[] withKme(String... extra) {
    List<String> values = new ArrayList<>();
    values.add("qkdchain.keys.source=etsi014");
    values.add("qkdchain.keys.kme.base-url=http://127.0.0.1:9/sae/peer-1");
    values.addAll(List.of(extra));
    return cluster(values.toArray(String[]::new));
  }

  @Test
  void qkd_is_the_default_when_keys_come_from_kmes_and_needs_no_secret() {
    runner
        .withUserConfiguration(KmeConnectionsForTest.class)
        .withPropertyValues(withKme())
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              AccessSettings access = context.getBean(AccessSettings.class);
              assertThat(access.peerAuthMode())
                  .isEqualTo(io.qkdchain.peer.config.QkdchainProperties.PeerAuthMode.QKD);
              assertThat(access.linkSecrets()).isEmpty();
              assertThat(context.getBean(PeerAuthenticator.class))
                  .isInstanceOf(QkdLinkAuthenticator.class);
              assertThat(context.getBean(PeerRequestSigner.class))
                  .isInstanceOf(QkdLinkSigner.class);
              assertThat(context.getBean(LinkKeyRing.class).views()).hasSize(6);
            });
  }

  @Test
  void under_the_shipped_application_yml_the_mode_follows_the_key_source() {
    // application.yml must not pin a mode: a peer started with KMEs and no mode (compose, a jar
    // with a simulator profile) runs qkd and needs no secret; in classical key mode, hmac.
    ApplicationContextRunner shipped =
        runner.withInitializer(new ConfigDataApplicationContextInitializer());
    shipped
        .withUserConfiguration(KmeConnectionsForTest.class)
        .withPropertyValues(withKme())
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getEnvironment().getProperty("qkdchain.mac.family"))
                  .as("application.yml was read")
                  .isEqualTo("lfsr");
              assertThat(context.getBean(AccessSettings.class).peerAuthMode())
                  .isEqualTo(io.qkdchain.peer.config.QkdchainProperties.PeerAuthMode.QKD);
            });
    shipped
        .withPropertyValues(withSecrets())
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(AccessSettings.class).peerAuthMode())
                  .isEqualTo(io.qkdchain.peer.config.QkdchainProperties.PeerAuthMode.HMAC);
            });
  }

  @Test
  void a_qkd_mode_with_a_classical_link_fails_start_up_naming_the_mode_key() {
    runner
        .withUserConfiguration(KmeConnectionsForTest.class)
        .withPropertyValues(
            withKme("qkdchain.links.peer-3.source=classical", "qkdchain.peer-auth.mode=qkd"))
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("qkdchain.peer-auth.mode")
                    .hasMessageContaining("peer-3"));
  }

  @Test
  void wegman_carter_tags_shorter_than_64_bits_fail_start_up() {
    runner
        .withUserConfiguration(KmeConnectionsForTest.class)
        .withPropertyValues(
            withKme(
                "qkdchain.peer-auth.mode=qkd-wegman-carter",
                "qkdchain.peer-auth.wegman-carter.tag-bits=32"))
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("qkdchain.peer-auth.wegman-carter.tag-bits"));
  }

  /** The KME clients, as PeerNodeConfiguration builds them. */
  @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
  static class KmeConnectionsForTest {
    @org.springframework.context.annotation.Bean(destroyMethod = "close")
    io.qkdchain.peer.keys.KmeConnections kmeConnections(
        io.qkdchain.peer.config.PeerSettings settings) {
      return new io.qkdchain.peer.keys.KmeConnections(settings, new java.security.SecureRandom());
    }
  }

  @Test
  void a_missing_secret_fails_start_up_naming_its_key() {
    runner
        .withPropertyValues(
            cluster(
                "qkdchain.peer-auth.secrets.peer-2=" + SECRET,
                "qkdchain.peer-auth.secrets.peer-4=" + SECRET))
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("qkdchain.peer-auth.secrets.peer-3: is required"));
  }

  @Test
  void short_non_hex_or_foreign_secrets_fail_start_up_without_quoting_them() {
    String shortSecret = "cd".repeat(16);
    runner
        .withPropertyValues(withSecrets("qkdchain.peer-auth.secrets.peer-3=" + shortSecret))
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("qkdchain.peer-auth.secrets.peer-3: must be at least 32")
                    .message()
                    .doesNotContain(shortSecret));
    runner
        .withPropertyValues(withSecrets("qkdchain.peer-auth.secrets.peer-2=" + "zz".repeat(32)))
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining(
                        "qkdchain.peer-auth.secrets.peer-2: must be hexadecimal"));
    runner
        .withPropertyValues(withSecrets("qkdchain.peer-auth.secrets.peer-1=" + SECRET))
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining(
                        "qkdchain.peer-auth.secrets.peer-1: names no other member"));
  }

  @Test
  void mode_none_needs_no_secrets_and_warns(CapturedOutput output) {
    runner
        .withPropertyValues(cluster("qkdchain.peer-auth.mode=none"))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(PeerAuthenticator.class))
                  .isInstanceOf(ClaimedSenderAuthenticator.class);
              assertThat(context.getBean(PeerRequestSigner.class))
                  .isSameAs(PeerRequestSigner.UNSIGNED);
            });
    assertThat(output).contains("Peer routes are NOT authenticated");
  }

  @Test
  void an_api_key_installs_the_filter_and_is_never_printed(CapturedOutput output) {
    String key = "k3y-" + "x".repeat(28);
    runner
        .withPropertyValues(withSecrets("qkdchain.api.key=" + key))
        .run(
            context -> {
              assertThat(context).hasSingleBean(FilterRegistrationBean.class);
              assertThat(context.getBean(AccessSettings.class).toString()).doesNotContain(key);
            });
    runner
        .withPropertyValues(withSecrets("qkdchain.api.key=short"))
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("qkdchain.api.key: must be at least 16"));
    assertThat(output).doesNotContain(key);
  }
}
