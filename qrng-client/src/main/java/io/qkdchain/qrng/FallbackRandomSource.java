package io.qkdchain.qrng;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The QRNG with the configured {@link FallbackPolicy}. Each draw, and each whole permutation, comes
 * from a single generator and reports which one: a permutation the QRNG fails halfway through is
 * drawn again from SecureRandom rather than mixed. Under {@code fallback-securerandom}, a failure
 * sends draws to SecureRandom for {@code retryAfter} before the QRNG is tried again, so an outage
 * costs one failed QRNG draw per period rather than one per draw (with {@link #from} that is at
 * most the configured draw wait, since the QRNG is fetched in the background).
 */
public final class FallbackRandomSource implements RandomSource {

  private static final Logger log = LoggerFactory.getLogger(FallbackRandomSource.class);

  private final RandomSource qrng;
  private final RandomSource secureRandom;
  private final FallbackPolicy policy;
  private final Duration retryAfter;
  private final Clock clock;

  private Origin lastOrigin;
  private long fallbackCount;
  private Instant qrngRetryAt;

  public FallbackRandomSource(
      RandomSource qrng,
      RandomSource secureRandom,
      FallbackPolicy policy,
      Duration retryAfter,
      Clock clock) {
    if (qrng == null || secureRandom == null || policy == null || clock == null) {
      throw new IllegalArgumentException("sources, policy and clock must not be null");
    }
    if (retryAfter == null || retryAfter.isNegative()) {
      throw new IllegalArgumentException("retryAfter must be zero or positive");
    }
    this.qrng = qrng;
    this.secureRandom = secureRandom;
    this.policy = policy;
    this.retryAfter = retryAfter;
    this.clock = clock;
  }

  /** The QRNG described by {@code config}, with its policy, over the JVM's SecureRandom. */
  public static FallbackRandomSource from(QrngConfig config) {
    return from(new QrngClient(config));
  }

  /**
   * The QRNG behind {@code client}, refilled ahead of need in the background (so draws rarely wait
   * for it, and never longer than its draw wait), with its configured policy, over the JVM's
   * SecureRandom.
   */
  public static FallbackRandomSource from(QrngClient client) {
    QrngConfig config = client.config();
    return new FallbackRandomSource(
        QrngRandomSource.refillingAhead(client),
        new SecureRandomSource(),
        config.fallbackPolicy(),
        config.retryAfter(),
        Clock.systemUTC());
  }

  /**
   * @throws QrngUnavailableException when the QRNG fails and the policy is {@code fail}
   */
  @Override
  public int nextBits(int count) {
    RandomSource.checkBitCount(count);
    return draw(source -> source.nextBits(count));
  }

  /** A uniformly random ordering of {@code items}, drawn from one generator. */
  public <T> DrawnOrder<T> shuffle(List<T> items) {
    synchronized (this) {
      List<T> order = draw(source -> Permutations.shuffle(items, source));
      return new DrawnOrder<>(order, lastOrigin);
    }
  }

  /** The generator that served the most recent draw, or null before the first. */
  public synchronized Origin lastOrigin() {
    return lastOrigin;
  }

  /** Draws served by SecureRandom because the QRNG could not serve them. */
  public synchronized long fallbackCount() {
    return fallbackCount;
  }

  private synchronized <R> R draw(Function<RandomSource, R> drawing) {
    Instant now = clock.instant();
    if (qrngRetryAt == null || !now.isBefore(qrngRetryAt)) {
      try {
        R value = drawing.apply(qrng);
        if (qrngRetryAt != null) {
          log.info("QRNG serving again after {} fallback draws in total", fallbackCount);
          qrngRetryAt = null;
        }
        lastOrigin = Origin.QRNG;
        return value;
      } catch (QrngUnavailableException e) {
        if (policy == FallbackPolicy.FAIL) {
          throw new QrngUnavailableException(
              e.reason(), "no random draw, fallback policy is 'fail': " + e.getMessage());
        }
        qrngRetryAt = now.plus(retryAfter);
        log.warn(
            "{}; serving draws from SecureRandom, QRNG retried in {} ms",
            e.getMessage(),
            retryAfter.toMillis());
      }
    }
    R value = drawing.apply(secureRandom);
    fallbackCount++;
    lastOrigin = Origin.SECURE_RANDOM;
    return value;
  }
}
