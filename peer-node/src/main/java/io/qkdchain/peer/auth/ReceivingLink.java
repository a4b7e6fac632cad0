package io.qkdchain.peer.auth;

import io.qkdchain.peer.auth.AuthRejections.Reason;
import io.qkdchain.peer.config.AccessSettings.LinkKeyTiming;
import io.qkdchain.peer.consensus.PeerId;
import io.qkdchain.peer.keys.LinkKeyStream;
import io.qkdchain.peer.keys.LinkKeyStream.DrawnKey;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys that authenticate what one sender sends to this peer. This peer is the ETSI 014 master
 * of them: it draws each epoch's key for the sender as slave and announces the key IDs; the sender
 * reads the key by those IDs.
 *
 * <pre>
 *   none --first announcement asked--> current(1)
 *   current(e) --in use and older than epoch, or half its pads claimed--> draw e+1
 *   draw e+1 succeeds --> previous(e), current(e+1); e-1 is forgotten: two epochs old
 *   draw fails --> retried; once current(e) is grace past due, the link is expired:
 *                  every request from the sender is refused until a key arrives
 * </pre>
 *
 * A request may use the current epoch or, for one epoch after a rotation, the previous one.
 */
final class ReceivingLink {

  private static final Logger log = LoggerFactory.getLogger(ReceivingLink.class);
  static final long RETRY_MILLIS = 1_000;

  /** Why a request's named key is refused. */
  static final class Refusal extends RuntimeException {
    final Reason reason;

    Refusal(Reason reason, String message) {
      super(message, null, false, false);
      this.reason = reason;
    }
  }

  private final PeerId sender;
  private final LinkKeyStream stream;
  private final LinkTagScheme scheme;
  private final LinkKeyTiming timing;
  private final LongSupplier clock;
  private final AtomicLong bitsDrawn = new AtomicLong();
  private final AtomicLong expiredRefusals = new AtomicLong();
  private final AtomicLong drawFailures = new AtomicLong();
  private final AtomicLong verified = new AtomicLong();

  private LinkEpoch current;
  private LinkEpoch previous;
  private long nextEpoch = 1;
  private CompletableFuture<LinkEpoch> drawing;
  private long retryAtMillis;
  private String lastFailure;
  private boolean expiredLogged;

  ReceivingLink(
      PeerId sender,
      LinkKeyStream stream,
      LinkTagScheme scheme,
      LinkKeyTiming timing,
      LongSupplier clock) {
    this.sender = sender;
    this.stream = stream;
    this.scheme = scheme;
    this.timing = timing;
    this.clock = clock;
  }

  PeerId sender() {
    return sender;
  }

  synchronized OptionalLong currentEpoch() {
    return current == null ? OptionalLong.empty() : OptionalLong.of(current.number());
  }

  synchronized LinkKeyAnnouncement announcement() {
    return current == null ? null : current.announcement();
  }

  /**
   * The epoch a request names by number and first key ID.
   *
   * @throws Refusal when the link has expired, or the key is unknown or more than one epoch old
   */
  synchronized LinkEpoch accept(long epoch, String keyId) {
    long now = clock.getAsLong();
    if (expired(now)) {
      expiredRefusals.incrementAndGet();
      throw new Refusal(
          Reason.LINK_KEY_EXPIRED,
          "the link key from " + sender + " expired and no new one could be drawn");
    }
    if (current != null && current.matches(epoch, keyId)) {
      return current;
    }
    if (previous != null
        && previous.matches(epoch, keyId)
        && now < current.sinceMillis() + timing.epoch().toMillis()) {
      return previous;
    }
    if (current != null && epoch < current.number() && keyId != null) {
      throw new Refusal(
          Reason.OUTDATED_LINK_KEY,
          "link key epoch " + epoch + " is retired; the current epoch is " + current.number());
    }
    throw new Refusal(Reason.UNKNOWN_LINK_KEY, "unknown link key epoch " + epoch);
  }

  /** A verified request used {@code epoch}. */
  void used(LinkEpoch epoch) {
    verified.incrementAndGet();
    epoch.used(clock.getAsLong());
  }

  /**
   * The sender asks which key to use. The first ask draws the first key; an ask naming the current
   * epoch as unreadable (a restarted sender cannot read a key twice) draws a new one, at most once
   * per redraw interval, so asking cannot drain the link.
   */
  synchronized CompletionStage<LinkKeyAnnouncement> asked(OptionalLong unreadable) {
    long now = clock.getAsLong();
    boolean redraw =
        current != null
            && unreadable.isPresent()
            && unreadable.getAsLong() == current.number()
            && now - current.sinceMillis() >= timing.redrawInterval().toMillis();
    // A sender that ran out of pads asks before the timer's next tick: rotate now if due anyway.
    boolean fresh = current == null || redraw || rotationDue(now);
    if (drawing == null && fresh && now >= retryAtMillis) {
      startDraw();
    }
    if (drawing != null && fresh) {
      return drawing.thenApply(LinkEpoch::announcement);
    }
    if (current == null) {
      return CompletableFuture.failedFuture(
          new LinkKeyUnavailableException(sender, String.valueOf(lastFailure), null));
    }
    return CompletableFuture.completedFuture(current.announcement());
  }

  /** Rotates when due; called on a timer. */
  synchronized void maintain() {
    long now = clock.getAsLong();
    if (current == null || drawing != null || now < retryAtMillis) {
      return;
    }
    if (rotationDue(now)) {
      startDraw();
    }
  }

  private boolean rotationDue(long now) {
    return current != null && (now >= dueAt() || halfThePadsClaimed());
  }

  /** When the current key is due for replacement: an epoch after it was drawn, once in use. */
  private long dueAt() {
    long used = current.firstUsedMillis();
    return used == 0
        ? Long.MAX_VALUE
        : Math.max(current.sinceMillis() + timing.epoch().toMillis(), used);
  }

  private boolean halfThePadsClaimed() {
    return current.secret() instanceof WegmanCarterLinkSecret wc
        && 2 * wc.padsClaimed() >= wc.pads();
  }

  synchronized boolean expired() {
    return expired(clock.getAsLong());
  }

  private boolean expired(long now) {
    if (current == null) {
      return false;
    }
    long due = dueAt();
    boolean expired = due != Long.MAX_VALUE && now - due >= timing.grace().toMillis();
    if (expired && !expiredLogged) {
      expiredLogged = true;
      log.error(
          "link key from {} expired: no new key for {} past its epoch ({}); refusing its requests",
          sender,
          timing.grace(),
          lastFailure != null
              ? lastFailure
              : drawing != null ? "the KME has not answered yet" : "no draw succeeded");
    }
    return expired;
  }

  private void startDraw() {
    CompletableFuture<LinkEpoch> result = new CompletableFuture<>();
    drawing = result;
    long epoch = nextEpoch;
    CompletionStage<DrawnKey> draw;
    try {
      draw = stream.draw(scheme.keyBits());
    } catch (RuntimeException e) {
      draw = CompletableFuture.failedFuture(e);
    }
    draw.whenComplete((key, failure) -> installed(result, epoch, key, failure));
  }

  private synchronized void installed(
      CompletableFuture<LinkEpoch> result, long epoch, DrawnKey key, Throwable failure) {
    drawing = null;
    if (failure != null) {
      drawFailures.incrementAndGet();
      lastFailure = String.valueOf(rootMessage(failure));
      retryAtMillis = clock.getAsLong() + RETRY_MILLIS;
      log.warn("could not draw link key epoch {} for {}: {}", epoch, sender, lastFailure);
      result.completeExceptionally(new LinkKeyUnavailableException(sender, lastFailure, failure));
      return;
    }
    LinkEpoch drawn;
    try {
      drawn =
          new LinkEpoch(
              new LinkKeyAnnouncement(epoch, scheme.keyBits(), key.keyIds()),
              scheme.secret(key.bytes()),
              clock.getAsLong());
    } catch (RuntimeException e) {
      lastFailure = e.getMessage();
      retryAtMillis = clock.getAsLong() + RETRY_MILLIS;
      result.completeExceptionally(e);
      return;
    }
    bitsDrawn.addAndGet(scheme.keyBits());
    nextEpoch = epoch + 1;
    if (previous != null) {
      previous.secret().destroy();
    }
    previous = current;
    current = drawn;
    lastFailure = null;
    expiredLogged = false;
    log.debug("link key epoch {} for {} drawn: {}", epoch, sender, key.keyIds());
    result.complete(drawn);
  }

  static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  /** What the metrics, the health and the dashboard show of this link. */
  synchronized LinkAuthView view() {
    long now = clock.getAsLong();
    return new LinkAuthView(
        sender,
        LinkAuthView.Direction.INBOUND,
        current == null ? 0 : current.number(),
        current == null ? -1 : now - current.sinceMillis(),
        bitsDrawn.get(),
        expired(now),
        expiredRefusals.get(),
        drawFailures.get(),
        lastFailure,
        verified.get());
  }
}
