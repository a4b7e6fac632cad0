package io.qkdchain.qrng;

import java.net.URI;
import java.time.Duration;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Where and how to reach the QRNG. The API key is a secret: {@link #toString()} and every
 * validation message leave it out.
 *
 * @param baseUrl the service root, e.g. {@code https://qrng.qbck.io}; the key follows it in the
 *     path
 * @param apiKey the account's API key
 * @param blockType the kind of block to ask for
 * @param batchSize entries per request; one request serves many draws
 * @param blockLength characters per entry for {@code hex} and {@code bin} blocks
 * @param connectTimeout how long to wait for a connection
 * @param readTimeout how long to wait for the whole answer
 * @param fallbackPolicy what to do when the QRNG cannot serve
 * @param retryAfter after a failure, how long to serve from SecureRandom before asking the QRNG
 *     again, so an outage does not cost a timeout on every draw
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
    Duration retryAfter) {

  public static final BlockType DEFAULT_BLOCK_TYPE = BlockType.SHORT;
  public static final int DEFAULT_BATCH_SIZE = 1024;
  public static final int DEFAULT_BLOCK_LENGTH = 64;
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(5);
  public static final FallbackPolicy DEFAULT_FALLBACK_POLICY = FallbackPolicy.FAIL;
  public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(30);
  public static final int MAX_BATCH_SIZE = 65_536;
  public static final int MAX_BLOCK_LENGTH = 4_096;

  // The key is sent as a path segment; anything beyond these characters would need escaping and
  // is more likely a paste error than a real key.
  private static final Pattern KEY_CHARACTERS = Pattern.compile("[A-Za-z0-9._~-]+");

  public QrngConfig {
    if (baseUrl == null
        || !("http".equals(baseUrl.getScheme()) || "https".equals(baseUrl.getScheme()))
        || baseUrl.getHost() == null) {
      throw new IllegalArgumentException("qrng.base-url must be an http(s) URL, got " + baseUrl);
    }
    if (baseUrl.getQuery() != null || baseUrl.getFragment() != null) {
      throw new IllegalArgumentException("qrng.base-url must not carry a query or fragment");
    }
    baseUrl = URI.create(baseUrl.toString().replaceAll("/+$", ""));
    if (apiKey == null || apiKey.isBlank()) {
      throw new IllegalArgumentException("qrng.api-key is missing");
    }
    if (!KEY_CHARACTERS.matcher(apiKey).matches()) {
      throw new IllegalArgumentException(
          "qrng.api-key may only contain letters, digits and . _ ~ - (value not shown)");
    }
    if (blockType == null) {
      throw new IllegalArgumentException("qrng.block-type is missing");
    }
    if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
      throw new IllegalArgumentException(
          "qrng.batch-size must be between 1 and " + MAX_BATCH_SIZE + ", got " + batchSize);
    }
    if (blockLength < 1 || blockLength > MAX_BLOCK_LENGTH) {
      throw new IllegalArgumentException(
          "qrng.block-length must be between 1 and " + MAX_BLOCK_LENGTH + ", got " + blockLength);
    }
    requirePositive("qrng.connect-timeout-ms", connectTimeout);
    requirePositive("qrng.read-timeout-ms", readTimeout);
    if (fallbackPolicy == null) {
      throw new IllegalArgumentException("qrng.fallback is missing");
    }
    if (retryAfter == null || retryAfter.isNegative()) {
      throw new IllegalArgumentException("qrng.retry-after-ms must be zero or positive");
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
        DEFAULT_RETRY_AFTER);
  }

  /**
   * Reads the {@code qrng.*} settings through {@code property}, which returns null for an absent
   * key; with Spring pass {@code environment::getProperty}. Errors name the offending key.
   */
  public static QrngConfig fromProperties(Function<String, String> property) {
    Settings settings = new Settings(property);
    return new QrngConfig(
        settings.required("qrng.base-url", URI::create),
        settings.required("qrng.api-key", Function.identity()),
        settings.optional("qrng.block-type", BlockType::fromPathName, DEFAULT_BLOCK_TYPE),
        settings.optional("qrng.batch-size", Integer::parseInt, DEFAULT_BATCH_SIZE),
        settings.optional("qrng.block-length", Integer::parseInt, DEFAULT_BLOCK_LENGTH),
        settings.optional("qrng.connect-timeout-ms", Settings::millis, DEFAULT_CONNECT_TIMEOUT),
        settings.optional("qrng.read-timeout-ms", Settings::millis, DEFAULT_READ_TIMEOUT),
        settings.optional("qrng.fallback", FallbackPolicy::fromConfigName, DEFAULT_FALLBACK_POLICY),
        settings.optional("qrng.retry-after-ms", Settings::millis, DEFAULT_RETRY_AFTER));
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
        retryAfter);
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
        retryAfter);
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
        retryAfter);
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
        retry);
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
        + "]";
  }

  private static void requirePositive(String key, Duration value) {
    if (value == null || value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(key + " must be a positive duration, got " + value);
    }
  }

  private record Settings(Function<String, String> property) {

    <T> T required(String key, Function<String, T> parse) {
      String raw = property.apply(key);
      if (raw == null || raw.isBlank()) {
        throw new IllegalArgumentException(key + " is missing");
      }
      return parse(key, raw, parse);
    }

    <T> T optional(String key, Function<String, T> parse, T fallback) {
      String raw = property.apply(key);
      return raw == null || raw.isBlank() ? fallback : parse(key, raw, parse);
    }

    private static <T> T parse(String key, String raw, Function<String, T> parse) {
      try {
        return parse.apply(raw.trim());
      } catch (IllegalArgumentException e) {
        // The raw value is not quoted: for qrng.api-key it would be the secret itself.
        throw new IllegalArgumentException(key + " is not valid: " + e.getMessage(), e);
      }
    }

    static Duration millis(String raw) {
      return Duration.ofMillis(Long.parseLong(raw));
    }
  }
}
