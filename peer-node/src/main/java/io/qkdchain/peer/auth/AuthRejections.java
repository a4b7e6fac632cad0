package io.qkdchain.peer.auth;

import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refused requests, counted by reason and logged at most once per reason every {@link
 * #LOG_INTERVAL_MILLIS} (a flood must not flood the log). Log lines name the reason, the claimed
 * peer and the remote address, never a secret or a MAC.
 */
public final class AuthRejections {

  /** Why a request was refused. */
  public enum Reason {
    MISSING_HEADERS,
    MALFORMED_HEADERS,
    NOT_A_MEMBER,
    STALE_TIMESTAMP,
    BAD_MAC,
    REPLAYED_NONCE,
    SENDER_MISMATCH,
    UNKNOWN_LINK_KEY,
    OUTDATED_LINK_KEY,
    LINK_KEY_EXPIRED,
    REPLAYED_PAD,
    MISSING_API_KEY,
    WRONG_API_KEY
  }

  static final long LOG_INTERVAL_MILLIS = 10_000;
  private static final Logger log = LoggerFactory.getLogger(AuthRejections.class);

  private final Clock clock;
  private final Map<Reason, AtomicLong> counts = new EnumMap<>(Reason.class);
  private final Map<Reason, AtomicLong> lastLogged = new EnumMap<>(Reason.class);
  private final Map<Reason, AtomicLong> unlogged = new EnumMap<>(Reason.class);

  public AuthRejections(Clock clock) {
    this.clock = clock;
    for (Reason reason : Reason.values()) {
      counts.put(reason, new AtomicLong());
      lastLogged.put(reason, new AtomicLong(-LOG_INTERVAL_MILLIS));
      unlogged.put(reason, new AtomicLong());
    }
  }

  public long count(Reason reason) {
    return counts.get(reason).get();
  }

  void record(Reason reason, String route, String claimedPeer, String remoteAddress) {
    counts.get(reason).incrementAndGet();
    long now = clock.millis();
    AtomicLong last = lastLogged.get(reason);
    long previous = last.get();
    if (now - previous < LOG_INTERVAL_MILLIS || !last.compareAndSet(previous, now)) {
      unlogged.get(reason).incrementAndGet();
      return;
    }
    long suppressed = unlogged.get(reason).getAndSet(0);
    log.warn(
        "refused {} from {} (claims {}): {}{}",
        route,
        remoteAddress,
        claimedPeer == null ? "no peer" : claimedPeer,
        reason,
        suppressed > 0 ? " (" + suppressed + " more of this kind since the last report)" : "");
  }
}
