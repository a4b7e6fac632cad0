package io.qkdchain.simulator.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Every knob of the simulator, bound from {@code sim.*} and checked at start-up so a bad value
 * stops the process with a message naming the key. Sizes are in bits, as in ETSI GS QKD 014.
 *
 * @param keySize default key size of enc_keys when the request names none
 * @param keyRateBps key bits per second each ordered (master, slave) pair may draw; 0 = unlimited
 * @param keyBurstBits bucket capacity; 0 = one second of key rate, at least one max-size key
 * @param saeIds the SAEs of the simulated network; empty = any SAE ID is accepted
 * @param failEvery every k-th ETSI call answers 503; 0 = never
 * @param clientCertificateRequired ETSI calls without a client certificate get 401 (TLS mode)
 */
@Validated
@ConfigurationProperties("sim")
public record SimulatorProperties(
    @DefaultValue("1024") @Positive int keySize,
    @DefaultValue("64") @Positive int minKeySize,
    @DefaultValue("8192") @Positive int maxKeySize,
    @DefaultValue("128") @Positive int maxKeyPerRequest,
    @DefaultValue("100000") @Positive int maxKeyCount,
    @DefaultValue("0") @PositiveOrZero int maxSaeIdCount,
    @DefaultValue("10m") @NotNull Duration keyTtl,
    @DefaultValue("0") @PositiveOrZero long keyRateBps,
    @DefaultValue("0") @PositiveOrZero long keyBurstBits,
    @DefaultValue("0ms") @NotNull Duration latency,
    @DefaultValue("BASE64") @NotNull KeyEncoding keyEncoding,
    @DefaultValue("ETSI") @NotNull StatusStyle statusStyle,
    @DefaultValue("0") @PositiveOrZero int failEvery,
    @DefaultValue("false") boolean clientCertificateRequired,
    @DefaultValue List<@NotBlank String> saeIds,
    @DefaultValue @Valid Qrng qrng) {

  public SimulatorProperties {
    requireWholeBytes("sim.key-size", keySize);
    requireWholeBytes("sim.min-key-size", minKeySize);
    requireWholeBytes("sim.max-key-size", maxKeySize);
    if (minKeySize > keySize || keySize > maxKeySize) {
      throw new IllegalArgumentException(
          "sim.key-size must lie in [sim.min-key-size, sim.max-key-size], got "
              + keySize
              + " outside ["
              + minKeySize
              + ", "
              + maxKeySize
              + "]");
    }
    if (keyTtl.isNegative() || keyTtl.isZero()) {
      throw new IllegalArgumentException("sim.key-ttl must be positive, got " + keyTtl);
    }
    if (latency.isNegative()) {
      throw new IllegalArgumentException("sim.latency must not be negative, got " + latency);
    }
    saeIds = List.copyOf(saeIds);
  }

  private static void requireWholeBytes(String key, int bits) {
    if (bits % 8 != 0) {
      throw new IllegalArgumentException(key + " must be a multiple of 8 bits, got " + bits);
    }
  }

  /** Capacity of each pair's key bucket in bits, or 0 when the rate is unlimited. */
  public long effectiveBurstBits() {
    if (keyRateBps == 0) {
      return 0;
    }
    return keyBurstBits > 0 ? keyBurstBits : Math.max(keyRateBps, maxKeySize);
  }

  public boolean knowsSae(String saeId) {
    return saeIds.isEmpty() || saeIds.contains(saeId);
  }

  /**
   * The QRNG endpoint.
   *
   * @param apiKey the key callers put in the path; a secret, never logged
   * @param maxSize largest {@code size} one call may ask for
   */
  public record Qrng(
      @DefaultValue("sim-qrng-key") @NotBlank String apiKey,
      @DefaultValue("10000") @Positive @Max(1_000_000) int maxSize) {

    @Override
    public String toString() {
      return "Qrng[apiKey=<hidden>, maxSize=" + maxSize + "]";
    }
  }
}
