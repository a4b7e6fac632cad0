package io.qkdchain.qrng;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where and how to reach the QRNG. The API key is a secret: {@link #toString()} and every
 * validation message leave it out. Validation messages start with the setting's name, as read by
 * {@link #fromProperties(String, Function)}.
 *
 * @param baseUrl the service root, e.g. {@code https://qrng.qbck.io}; the key follows it in the
 *     path
 * @param apiKey the account's API key
 * @param blockType the kind of block to ask for
 * @param batchSize entries per request; one request serves many draws
 * @param blockLength characters per entry for {@code hex} and {@code bin} blocks
 * @param connectTimeout how long to wait for a connection
 * @param readTimeout how long to wait for the answer once connected
 * @param fallbackPolicy what to do when the QRNG cannot serve
 * @param retryAfter after a failure, how long to serve from SecureRandom before asking the QRNG
 *     again, so an outage does not cost a timeout on every draw
 * @param drawWait how long a draw that finds the buffer dry waits for the block being fetched in
 *     the background (sources that {@link QrngRandomSource#refillingAhead refill ahead}); past it
 *     the draw fails and the fetch goes on for a later draw
 * @param caCertificate PEM file of the CA that signed an HTTPS endpoint's certificate, or null to
 *     trust the JVM's default CAs
 */
public record QrngConfig(
    URI baseUrl,
    String apiKey,
    BlockType blockType,
    int batchSize,
    int blockLength,
    Duration connectTimeout,
    Duration readTimeout,
    FallbackPolicy fallbackPolicy,
    Duration retryAfter,
    Duration drawWait,
    Path caCertificate) {

  public static final BlockType DEFAULT_BLOCK_TYPE = BlockType.SHORT;
  public static final int DEFAULT_BATCH_SIZE = 1024;
  public static final int DEFAULT_BLOCK_LENGTH = 64;
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(5);
  public static final FallbackPolicy DEFAULT_FALLBACK_POLICY = FallbackPolicy.FALLBACK_SECURERANDOM;
  public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(30);
  public static final Duration DEFAULT_DRAW_WAIT = Duration.ofSeconds(1);
  public static final int MAX_BATCH_SIZE = 65_536;
  public static final int MAX_BLOCK_LENGTH = 1_024;

  // The key is sent as a path segment; anything beyond these characters would need escaping and
  // is more likely a paste error than a real key.
  private static final Pattern KEY_CHARACTERS = Pattern.compile("[A-Za-z0-9._~-]+");
  private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");

  public QrngConfig {
    if (baseUrl == null
        || !("http".equals(baseUrl.getScheme()) || "https".equals(baseUrl.getScheme()))
        || baseUrl.getHost() == null) {
      throw new IllegalArgumentException("base-url must be an http(s) URL, got " + baseUrl);
    }
    if (baseUrl.getQuery() != null || baseUrl.getFragment() != null) {
      throw new IllegalArgumentException("base-url must not carry a query or fragment");
    }
    baseUrl = URI.create(baseUrl.toString().replaceAll("/+$", ""));
    if (apiKey == null || apiKey.isBlank()) {
      throw new IllegalArgumentException("api-key is missing");
    }
    if (!KEY_CHARACTERS.matcher(apiKey).matches()) {
      throw new IllegalArgumentException(
          "api-key may only contain letters, digits and . _ ~ - (value not shown)");
    }
    if (blockType == null) {
      throw new IllegalArgumentException("block-type is missing");
    }
    if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
      throw new IllegalArgumentException(
          "batch-size must be between 1 and " + MAX_BATCH_SIZE + ", got " + batchSize);
    }
    if (blockLength < 1 || blockLength > MAX_BLOCK_LENGTH) {
      throw new IllegalArgumentException(
          "block-length must be between 1 and " + MAX_BLOCK_LENGTH + ", got " + blockLength);
    }
    requirePositive("connect-timeout", connectTimeout);
    requirePositive("read-timeout", readTimeout);
    if (fallbackPolicy == null) {
      throw new IllegalArgumentException("fallback is missing");
    }
    if (retryAfter == null || retryAfter.isNegative()) {
      throw new IllegalArgumentException("retry-after must be zero or positive, got " + retryAfter);
    }
    requirePositive("draw-wait", drawWait);
    if (caCertificate != null && !Files.isReadable(caCertificate)) {
      throw new IllegalArgumentException("ca-certificate is not a readable file: " + caCertificate);
    }
  }

  /** A configuration with every optional setting at its default. */
  public static QrngConfig of(URI baseUrl, String apiKey) {
    return new QrngConfig(
        baseUrl,
        apiKey,
        DEFAULT_BLOCK_TYPE,
        DEFAULT_BATCH_SIZE,
        DEFAULT_BLOCK_LENGTH,
        DEFAULT_CONNECT_TIMEOUT,
        DEFAULT_READ_TIMEOUT,
        DEFAULT_FALLBACK_POLICY,
        DEFAULT_RETRY_AFTER,
        DEFAULT_DRAW_WAIT,
        null);
  }

  /**
   * Reads the settings under {@code prefix} (e.g. {@code qkdchain.qrng}) through {@code property},
   * which returns null for an absent key; with Spring pass {@code environment::getProperty}.
   * Durations are written {@code 300ms}, {@code 2s}, {@code 1m}, as ISO-8601 ({@code PT2S}) or as
   * bare milliseconds. Errors name the offending key in full.
   */
  public static QrngConfig fromProperties(String prefix, Function<String, String> property) {
    Settings settings = new Settings(prefix, property);
    try {
      return new QrngConfig(
          settings.required("base-url", URI::create),
          settings.required("api-key", Function.identity()),
          settings.optional("block-type", BlockType::fromPathName, DEFAULT_BLOCK_TYPE),
          settings.optional("batch-size", Integer::parseInt, DEFAULT_BATCH_SIZE),
          settings.optional("block-length", Integer::parseInt, DEFAULT_BLOCK_LENGTH),
          settings.optional("connect-timeout", QrngConfig::duration, DEFAULT_CONNECT_TIMEOUT),
          settings.optional("read-timeout", QrngConfig::duration, DEFAULT_READ_TIMEOUT),
          settings.optional("fallback", FallbackPolicy::fromConfigName, DEFAULT_FALLBACK_POLICY),
          settings.optional("retry-after", QrngConfig::duration, DEFAULT_RETRY_AFTER),
          settings.optional("draw-wait", QrngConfig::duration, DEFAULT_DRAW_WAIT),
          settings.optional("ca-certificate", Path::of, null));
    } catch (SettingException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(prefix + "." + e.getMessage(), e);
    }
  }

  public QrngConfig withBlockType(BlockType type, int length) {
    return new QrngConfig(
        baseUrl,
        apiKey,
        type,
        batchSize,
        length,
        connectTimeout,
        readTimeout,
        fallbackPolicy,
        retryAfter,
        drawWait,
        caCertificate);
  }

  public QrngConfig withBatchSize(int size) {
    return new QrngConfig(
        baseUrl,
        apiKey,
        blockType,
        size,
        blockLength,
        connectTimeout,
        readTimeout,
        fallbackPolicy,
        retryAfter,
        drawWait,
        caCertificate);
  }

  public QrngConfig withTimeouts(Duration connect, Duration read) {
    return new QrngConfig(
        baseUrl,
        apiKey,
        blockType,
        batchSize,
        blockLength,
        connect,
        read,
        fallbackPolicy,
        retryAfter,
        drawWait,
        caCertificate);
  }

  public QrngConfig withFallback(FallbackPolicy policy, Duration retry) {
    return new QrngConfig(
        baseUrl,
        apiKey,
        blockType,
        batchSize,
        blockLength,
        connectTimeout,
        readTimeout,
        policy,
        retry,
        drawWait,
        caCertificate);
  }

  public QrngConfig withDrawWait(Duration wait) {
    return new QrngConfig(
        baseUrl,
        apiKey,
        blockType,
        batchSize,
        blockLength,
        connectTimeout,
        readTimeout,
        fallbackPolicy,
        retryAfter,
        wait,
        caCertificate);
  }

  public QrngConfig withCaCertificate(Path pemFile) {
    return new QrngConfig(
        baseUrl,
        apiKey,
        blockType,
        batchSize,
        blockLength,
        connectTimeout,
        readTimeout,
        fallbackPolicy,
        retryAfter,
        drawWait,
        pemFile);
  }

  @Override
  public String toString() {
    return "QrngConfig[baseUrl="
        + baseUrl
        + ", apiKey=***, blockType="
        + blockType.pathName()
        + ", batchSize="
        + batchSize
        + ", blockLength="
        + blockLength
        + ", connectTimeout="
        + connectTimeout
        + ", readTimeout="
        + readTimeout
        + ", fallbackPolicy="
        + fallbackPolicy.configName()
        + ", retryAfter="
        + retryAfter
        + ", drawWait="
        + drawWait
        + ", caCertificate="
        + caCertificate
        + "]";
  }

  static Duration duration(String text) {
    Matcher simple = SIMPLE_DURATION.matcher(text);
    if (simple.matches()) {
      long amount = Long.parseLong(simple.group(1));
      String unit = simple.group(2) == null ? "ms" : simple.group(2);
      return switch (unit) {
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        default -> Duration.ofMillis(amount);
      };
    }
    try {
      return Duration.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration such as 300ms, 2s, 1m or PT2S");
    }
  }

  private static void requirePositive(String key, Duration value) {
    if (value == null || value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(key + " must be a positive duration, got " + value);
    }
  }

  /** A value that could not be parsed, its message already naming the full key. */
  private static final class SettingException extends IllegalArgumentException {
    SettingException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private record Settings(String prefix, Function<String, String> property) {

    <T> T required(String name, Function<String, T> parse) {
      String raw = property.apply(prefix + "." + name);
      if (raw == null || raw.isBlank()) {
        throw new SettingException(prefix + "." + name + " is missing", null);
      }
      return parse(name, raw, parse);
    }

    <T> T optional(String name, Function<String, T> parse, T fallback) {
      String raw = property.apply(prefix + "." + name);
      return raw == null || raw.isBlank() ? fallback : parse(name, raw, parse);
    }

    private <T> T parse(String name, String raw, Function<String, T> parse) {
      try {
        return parse.apply(raw.trim());
      } catch (IllegalArgumentException e) {
        // The raw value is not quoted here: for the API key it would be the secret itself.
        throw new SettingException(prefix + "." + name + " is not valid: " + e.getMessage(), e);
      }
    }
  }
}
