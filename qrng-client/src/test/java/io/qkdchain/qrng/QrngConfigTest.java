package io.qkdchain.qrng;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QrngConfigTest {

  private static final String KEY = "s3cretQrngKey";

  @Test
  void the_api_key_never_shows_in_to_string() {
    QrngConfig config = QrngConfig.of(URI.create("https://qrng.example"), KEY);

    assertThat(config.toString()).doesNotContain(KEY).contains("apiKey=***");
  }

  @Test
  void absent_settings_take_their_defaults() {
    QrngConfig config = QrngConfig.fromProperties(properties()::get);

    assertThat(config.baseUrl()).isEqualTo(URI.create("https://qrng.example"));
    assertThat(config.blockType()).isEqualTo(BlockType.SHORT);
    assertThat(config.batchSize()).isEqualTo(1024);
    assertThat(config.fallbackPolicy()).isEqualTo(FallbackPolicy.FAIL);
    assertThat(config.readTimeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void every_setting_is_read_from_its_key() {
    Map<String, String> properties = properties();
    properties.put("qrng.base-url", "http://127.0.0.1:8089/");
    properties.put("qrng.block-type", "HEX");
    properties.put("qrng.batch-size", "256");
    properties.put("qrng.block-length", "32");
    properties.put("qrng.connect-timeout-ms", "300");
    properties.put("qrng.read-timeout-ms", "700");
    properties.put("qrng.fallback", "fallback-securerandom");
    properties.put("qrng.retry-after-ms", "0");

    QrngConfig config = QrngConfig.fromProperties(properties::get);

    assertThat(config.baseUrl()).hasToString("http://127.0.0.1:8089");
    assertThat(config.blockType()).isEqualTo(BlockType.HEX);
    assertThat(config.batchSize()).isEqualTo(256);
    assertThat(config.blockLength()).isEqualTo(32);
    assertThat(config.connectTimeout()).isEqualTo(Duration.ofMillis(300));
    assertThat(config.readTimeout()).isEqualTo(Duration.ofMillis(700));
    assertThat(config.fallbackPolicy()).isEqualTo(FallbackPolicy.FALLBACK_SECURERANDOM);
    assertThat(config.retryAfter()).isZero();
  }

  @Test
  void a_missing_api_key_is_named() {
    Map<String, String> properties = properties();
    properties.remove("qrng.api-key");

    assertThatThrownBy(() -> QrngConfig.fromProperties(properties::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("qrng.api-key is missing");
  }

  @Test
  void a_bad_value_names_its_key() {
    Map<String, String> properties = properties();
    properties.put("qrng.batch-size", "lots");
    assertThatThrownBy(() -> QrngConfig.fromProperties(properties::get))
        .hasMessageContaining("qrng.batch-size");

    properties.put("qrng.batch-size", "0");
    assertThatThrownBy(() -> QrngConfig.fromProperties(properties::get))
        .hasMessageContaining("qrng.batch-size must be between 1 and 65536, got 0");

    properties.put("qrng.batch-size", "10");
    properties.put("qrng.fallback", "pray");
    assertThatThrownBy(() -> QrngConfig.fromProperties(properties::get))
        .hasMessageContaining("qrng.fallback")
        .hasMessageContaining("'fail' or 'fallback-securerandom'");

    properties.put("qrng.fallback", "fail");
    properties.put("qrng.base-url", "ftp://qrng.example");
    assertThatThrownBy(() -> QrngConfig.fromProperties(properties::get))
        .hasMessageContaining("qrng.base-url");
  }

  @Test
  void a_key_that_cannot_be_a_path_segment_is_refused_without_quoting_it() {
    String badKey = "half/" + KEY;

    assertThatThrownBy(() -> QrngConfig.of(URI.create("https://qrng.example"), badKey))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("qrng.api-key")
        .hasMessageNotContaining(KEY);
  }

  private static Map<String, String> properties() {
    Map<String, String> properties = new HashMap<>();
    properties.put("qrng.base-url", "https://qrng.example");
    properties.put("qrng.api-key", KEY);
    return properties;
  }
}
