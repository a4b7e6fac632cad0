package io.qkdchain.etsi014;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Applies a {@link RetryPolicy}: exponential backoff with jitter, only for retryable {@link
 * KmeException}s, and no retry begun after the deadline. When retrying stops, the last failure
 * itself is propagated, so callers see a 503 as a 503.
 */
final class KeyCallRetry {

  private static final Logger log = LoggerFactory.getLogger(KeyCallRetry.class);

  private final RetryPolicy policy;

  KeyCallRetry(RetryPolicy policy) {
    this.policy = policy;
  }

  <T> Mono<T> apply(Mono<T> attempt, String operation) {
    if (policy.maxRetries() == 0) {
      return attempt;
    }
    return Mono.defer(
        () -> {
          long deadline = System.nanoTime() + policy.deadline().toNanos();
          Retry backoff =
              Retry.backoff(policy.maxRetries(), policy.firstBackoff())
                  .maxBackoff(policy.maxBackoff())
                  .jitter(policy.jitter())
                  .filter(
                      e ->
                          e instanceof KmeException failure
                              && failure.isRetryable()
                              && System.nanoTime() - deadline < 0)
                  .doBeforeRetry(
                      signal ->
                          log.warn(
                              "Retry {} of {} after: {}",
                              signal.totalRetries() + 1,
                              policy.maxRetries(),
                              signal.failure().getMessage()))
                  .onRetryExhaustedThrow((spec, signal) -> signal.failure());
          return attempt.retryWhen(backoff);
        });
  }
}
