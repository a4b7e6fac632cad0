package io.qkdchain.etsi014;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Bad configuration fails at once, naming the field. */
class ConfigurationTest {

  private static final URI KME = URI.create("https://127.0.0.1:8443");

  @Test
  void the_defaults_are_post_base64_and_bounded_retries() {
    KmeConfig config = KmeConfig.builder(KME, "peer-1").build();

    assertThat(config.method()).isEqualTo(HttpForm.POST);
    assertThat(config.keyEncoding()).isEqualTo(KeyEncoding.BASE64);
    assertThat(config.retry()).isEqualTo(RetryPolicy.defaults());
  }

  @Test
  void a_missing_own_sae_id_is_named() {
    assertThatThrownBy(() -> KmeConfig.builder(KME, " ").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ownSaeId");
  }

  @Test
  void a_base_url_that_is_not_http_is_named() {
    assertThatThrownBy(() -> KmeConfig.builder(URI.create("ftp://kme"), "peer-1").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("baseUrl");
  }

  @Test
  void tls_over_plain_http_is_refused() {
    TlsConfig tls = TlsConfig.serverOnly(Path.of("ca.pem"));
    assertThatThrownBy(
            () -> KmeConfig.builder(URI.create("http://127.0.0.1:80"), "peer-1").tls(tls).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("plain http");
  }

  @Test
  void a_zero_read_timeout_is_named() {
    assertThatThrownBy(() -> KmeConfig.builder(KME, "peer-1").readTimeout(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("readTimeout");
  }

  @Test
  void a_certificate_without_its_key_is_refused() {
    assertThatThrownBy(() -> new TlsConfig(Path.of("chain.pem"), null, null, null, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tls.privateKeyPem");
  }

  @Test
  void a_missing_key_file_is_named_when_the_client_is_built() {
    TlsConfig tls =
        TlsConfig.pem(Path.of("/nonexistent/chain.pem"), Path.of("/nonexistent/key.pem"), null);
    KmeConfig config = KmeConfig.builder(KME, "peer-1").tls(tls).build();

    assertThatThrownBy(() -> new Etsi014Client(config))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/nonexistent/key.pem");
  }

  @Test
  void retry_jitter_outside_zero_to_one_is_named() {
    assertThatThrownBy(
            () ->
                new RetryPolicy(
                    1, Duration.ofMillis(1), Duration.ofMillis(2), 1.5, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("retry.jitter");
  }

  @Test
  void a_key_request_size_that_is_not_whole_bytes_is_refused() {
    assertThatThrownBy(() -> KeyRequest.of(1, 100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("size must be a positive multiple of 8");
  }

  @Test
  void hex_and_base64_decode_the_same_bytes_and_reject_the_other_alphabet() {
    byte[] bytes = {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef};

    assertThat(KeyEncoding.HEX.decode("DEadBEef")).isEqualTo(bytes);
    assertThat(KeyEncoding.BASE64.decode("3q2+7w==")).isEqualTo(bytes);
    assertThatThrownBy(() -> KeyEncoding.HEX.decode("3q2+7w==")).hasMessage("key is not valid hex");
    assertThatThrownBy(() -> KeyEncoding.BASE64.decode("3q2-7w=="))
        .hasMessage("key is not valid base64");
  }
}
