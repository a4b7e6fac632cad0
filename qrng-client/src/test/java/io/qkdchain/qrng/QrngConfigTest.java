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
    QrngConfig config = QrngConfig.fromProperties("qkdchain.qrng", properties()::get);

    assertThat(config.baseUrl()).isEqualTo(URI.create("https://qrng.example"));
    assertThat(config.blockType()).isEqualTo(BlockType.SHORT);
    assertThat(config.batchSize()).isEqualTo(1024);
    assertThat(config.fallbackPolicy()).isEqualTo(FallbackPolicy.FALLBACK_SECURERANDOM);
    assertThat(config.readTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.drawWait()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void every_setting_is_read_from_its_key() {
    Map<String, String> properties = properties();
    properties.put("qkdchain.qrng.base-url", "http://127.0.0.1:8089/");
    properties.put("qkdchain.qrng.block-type", "HEX");
    properties.put("qkdchain.qrng.batch-size", "256");
    properties.put("qkdchain.qrng.block-length", "32");
    properties.put("qkdchain.qrng.connect-timeout", "300ms");
    properties.put("qkdchain.qrng.read-timeout", "PT0.7S");
    properties.put("qkdchain.qrng.fallback", "fail");
    properties.put("qkdchain.qrng.retry-after", "0");
    properties.put("qkdchain.qrng.draw-wait", "250ms");

    QrngConfig config = QrngConfig.fromProperties("qkdchain.qrng", properties::get);

    assertThat(config.baseUrl()).hasToString("http://127.0.0.1:8089");
    assertThat(config.blockType()).isEqualTo(BlockType.HEX);
    assertThat(config.batchSize()).isEqualTo(256);
    assertThat(config.blockLength()).isEqualTo(32);
    assertThat(config.connectTimeout()).isEqualTo(Duration.ofMillis(300));
    assertThat(config.readTimeout()).isEqualTo(Duration.ofMillis(700));
    assertThat(config.fallbackPolicy()).isEqualTo(FallbackPolicy.FAIL);
    assertThat(config.retryAfter()).isZero();
    assertThat(config.drawWait()).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void a_missing_api_key_is_named() {
    Map<String, String> properties = properties();
    properties.remove("qkdchain.qrng.api-key");

    assertThatThrownBy(() -> QrngConfig.fromProperties("qkdchain.qrng", properties::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("qkdchain.qrng.api-key is missing");
  }

  @Test
  void a_bad_value_names_its_key() {
    Map<String, String> properties = properties();
    properties.put("qkdchain.qrng.batch-size", "lots");
    assertThatThrownBy(() -> QrngConfig.fromProperties("qkdchain.qrng", properties::get))
        .hasMessageContaining("qkdchain.qrng.batch-size");

    properties.put("qkdchain.qrng.batch-size", "0");
    assertThatThrownBy(() -> QrngConfig.fromProperties("qkdchain.qrng", properties::get))
        .hasMessageContaining("qkdchain.qrng.batch-size must be between 1 and 65536, got 0");

    properties.put("qkdchain.qrng.batch-size", "10");
    properties.put("qkdchain.qrng.fallback", "pray");
    assertThatThrownBy(() -> QrngConfig.fromProperties("qkdchain.qrng", properties::get))
        .hasMessageContaining("qkdchain.qrng.fallback")
        .hasMessageContaining("'fail' or 'fallback-securerandom'");

    properties.put("qkdchain.qrng.fallback", "fail");
    properties.put("qkdchain.qrng.base-url", "ftp://qrng.example");
    assertThatThrownBy(() -> QrngConfig.fromProperties("qkdchain.qrng", properties::get))
        .hasMessageContaining("qkdchain.qrng.base-url");

    properties.put("qkdchain.qrng.base-url", "https://qrng.example");
    properties.put("qkdchain.qrng.read-timeout", "soon");
    assertThatThrownBy(() -> QrngConfig.fromProperties("qkdchain.qrng", properties::get))
        .hasMessageContaining("qkdchain.qrng.read-timeout is not valid")
        .hasMessageContaining("300ms, 2s");

    properties.put("qkdchain.qrng.read-timeout", "2s");
    properties.put("qkdchain.qrng.draw-wait", "0");
    assertThatThrownBy(() -> QrngConfig.fromProperties("qkdchain.qrng", properties::get))
        .hasMessageContaining("qkdchain.qrng.draw-wait must be a positive duration");

    properties.put("qkdchain.qrng.draw-wait", "1s");
    properties.put("qkdchain.qrng.ca-certificate", "/no/such/ca.pem");
    assertThatThrownBy(() -> QrngConfig.fromProperties("qkdchain.qrng", properties::get))
        .hasMessageContaining("qkdchain.qrng.ca-certificate is not a readable file");
  }

  @Test
  void durations_read_like_spring_durations() {
    assertThat(QrngConfig.duration("250")).isEqualTo(Duration.ofMillis(250));
    assertThat(QrngConfig.duration("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(QrngConfig.duration("2s")).isEqualTo(Duration.ofSeconds(2));
    assertThat(QrngConfig.duration("1m")).isEqualTo(Duration.ofMinutes(1));
    assertThat(QrngConfig.duration("PT1.5S")).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void a_key_that_cannot_be_a_path_segment_is_refused_without_quoting_it() {
    String badKey = "half/" + KEY;

    assertThatThrownBy(() -> QrngConfig.of(URI.create("https://qrng.example"), badKey))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("api-key")
        .hasMessageNotContaining(KEY);
  }

  private static Map<String, String> properties() {
    Map<String, String> properties = new HashMap<>();
    properties.put("qkdchain.qrng.base-url", "https://qrng.example");
    properties.put("qkdchain.qrng.api-key", KEY);
    return properties;
  }
}
