package io.qkdchain.peer.auth;

import io.qkdchain.peer.consensus.PeerId;
import io.qkdchain.peer.keys.LinkKeyStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys this peer tags its requests to one receiver with. The receiver drew them (it is the ETSI
 * 014 master); this peer is the slave and reads each by the IDs the receiver announced, either in a
 * response's {@value LinkKeyAnnouncement#HEADER} header or by asking {@code GET /peer/v1/link-key}.
 * A key whose IDs this peer could not read (forged, already read by this peer before a restart, KME
 * down) is never retried; the receiver is asked for a new one.
 */
final class SendingLink {

  private static final Logger log = LoggerFactory.getLogger(SendingLink.class);
  private static final int REMEMBERED_IDS = 256;

  /** How this peer asks a receiver for its current announcement. */
  @FunctionalInterface
  interface Announcements {
    /**
     * @param unreadable an epoch this peer could not read, so the receiver draws a new one
     */
    CompletionStage<LinkKeyAnnouncement> ask(PeerId receiver, OptionalLong unreadable);
  }

  private final PeerId receiver;
  private final LinkKeyStream stream;
  private final LinkTagScheme scheme;
  private final Announcements announcements;
  private final long epochMillis;
  private final LongSupplier clock;
  private final AtomicLong bitsRead = new AtomicLong();
  private final AtomicLong unsent = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong tagged = new AtomicLong();
  private final Set<String> unreadable =
      Collections.newSetFromMap(
          new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
              return size() > REMEMBERED_IDS;
            }
          });

  private LinkEpoch held;
  private LinkEpoch older;
  private CompletableFuture<LinkEpoch> reading;
  private String readingKeyId;
  private CompletableFuture<LinkEpoch> refreshing;
  private String lastFailure;
  private boolean keyFailure;
  private long nextAttemptMillis;

  static final long RETRY_MILLIS = 2_000;

  SendingLink(
      PeerId receiver,
      LinkKeyStream stream,
      LinkTagScheme scheme,
      Announcements announcements,
      long epochMillis,
      LongSupplier clock) {
    this.receiver = receiver;
    this.stream = stream;
    this.scheme = scheme;
    this.announcements = announcements;
    this.epochMillis = epochMillis;
    this.clock = clock;
  }

  /** The epoch to tag the next request with, reading a key first if none is usable. */
  CompletionStage<LinkEpoch> key() {
    LinkEpoch usable = usable();
    return usable != null ? CompletableFuture.completedFuture(usable) : refresh();
  }

  /**
   * HMAC: the newest key. Wegman-Carter: the older key while it has pads and the newer one is less
   * than half an epoch old (no pad is wasted, and the receiver still accepts the older epoch), then
   * the newer one.
   */
  synchronized LinkEpoch usable() {
    if (older != null
        && older.secret() instanceof WegmanCarterLinkSecret
        && older.padsLeft() > 0
        && held != null
        && clock.getAsLong() - held.sinceMillis() < epochMillis / 2) {
      return older;
    }
    return held != null && held.padsLeft() > 0 ? held : null;
  }

  /**
   * Establishes the link without waiting for traffic (after a start, a restart or a failure): asks
   * the receiver for a key when none is usable, at most every {@link #RETRY_MILLIS}. Called on the
   * ring's timer.
   */
  void maintain() {
    synchronized (this) {
      if (refreshing != null || clock.getAsLong() < nextAttemptMillis) {
        return;
      }
    }
    if (usable() == null) {
      refresh();
    }
  }

  /** Asks the receiver for its current key (once at a time) and reads it. */
  synchronized CompletionStage<LinkEpoch> refresh() {
    if (refreshing != null) {
      return refreshing;
    }
    CompletableFuture<LinkEpoch> result = new CompletableFuture<>();
    refreshing = result;
    announcements
        .ask(receiver, OptionalLong.empty())
        .thenCompose(announcement -> adopt(announcement, true))
        .whenComplete(
            (epoch, failure) -> {
              synchronized (this) {
                refreshing = null;
              }
              if (failure != null) {
                failed(failure);
                result.completeExceptionally(unavailable(failure));
              } else {
                result.complete(epoch);
              }
            });
    return result;
  }

  /**
   * What a response from the receiver said.
   *
   * @param announcement its {@value LinkKeyAnnouncement#HEADER} header, if any
   * @param refused whether it answered 401
   * @param used the epoch the request was tagged with
   * @return whether a retry would be tagged under another key: only after a 401
   */
  CompletionStage<Boolean> answered(String announcement, boolean refused, LinkEpoch used) {
    LinkKeyAnnouncement announced = null;
    if (announcement != null) {
      try {
        announced = LinkKeyAnnouncement.parse(announcement);
      } catch (IllegalArgumentException malformed) {
        log.debug("ignored a malformed link key announcement from {}", receiver);
      }
    }
    if (!refused) {
      if (announced != null && newer(announced)) {
        // Rotation: read the next key in the background; requests keep the current one meanwhile.
        adopt(announced, false);
      }
      return CompletableFuture.completedFuture(false);
    }
    CompletionStage<LinkEpoch> next =
        announced != null && !holds(announced) ? adopt(announced, true) : refresh();
    return next.handle((epoch, failure) -> failure == null && epoch != used);
  }

  private synchronized boolean newer(LinkKeyAnnouncement announced) {
    return held == null
        || announced.epoch() > held.number() && !announced.firstKeyId().equals(held.keyId());
  }

  private synchronized boolean holds(LinkKeyAnnouncement announced) {
    return held != null && held.keyId().equals(announced.firstKeyId());
  }

  /** Reads the announced key unless held already; an unreadable one leads to one new ask. */
  private CompletionStage<LinkEpoch> adopt(LinkKeyAnnouncement announced, boolean mayAskAgain) {
    synchronized (this) {
      if (held != null && held.keyId().equals(announced.firstKeyId())) {
        return CompletableFuture.completedFuture(held);
      }
      if (unreadable.contains(announced.firstKeyId())) {
        return mayAskAgain
            ? askForAnother(announced)
            : CompletableFuture.failedFuture(
                new IllegalStateException("announced key " + announced.epoch() + " is unreadable"));
      }
    }
    return read(announced)
        .handle(
            (epoch, failure) ->
                failure == null
                    ? CompletableFuture.completedFuture(epoch)
                    : mayAskAgain
                        ? askForAnother(announced)
                        : CompletableFuture.<LinkEpoch>failedFuture(failure))
        .thenCompose(stage -> stage);
  }

  private CompletionStage<LinkEpoch> askForAnother(LinkKeyAnnouncement unreadableOne) {
    return announcements
        .ask(receiver, OptionalLong.of(unreadableOne.epoch()))
        .thenCompose(
            next ->
                next.firstKeyId().equals(unreadableOne.firstKeyId())
                    ? CompletableFuture.failedFuture(
                        new IllegalStateException(
                            receiver
                                + " announces again key epoch "
                                + next.epoch()
                                + ", which this peer cannot read"))
                    : adopt(next, false));
  }

  private synchronized CompletionStage<LinkEpoch> read(LinkKeyAnnouncement announced) {
    if (reading != null && announced.firstKeyId().equals(readingKeyId)) {
      return reading;
    }
    if (announced.bits() != scheme.keyBits()) {
      unreadable.add(announced.firstKeyId());
      return CompletableFuture.failedFuture(
          new IllegalStateException(
              receiver
                  + " announces "
                  + announced.bits()
                  + "-bit link keys, but "
                  + scheme.wireName()
                  + " here uses "
                  + scheme.keyBits()
                  + ": do both peers run the same qkdchain.peer-auth.mode?"));
    }
    CompletableFuture<LinkEpoch> result = new CompletableFuture<>();
    reading = result;
    readingKeyId = announced.firstKeyId();
    CompletionStage<byte[]> bytes;
    try {
      bytes = stream.read(announced.keyIds(), announced.bits());
    } catch (RuntimeException e) {
      bytes = CompletableFuture.failedFuture(e);
    }
    bytes.whenComplete((key, failure) -> readDone(result, announced, key, failure));
    return result;
  }

  private synchronized void readDone(
      CompletableFuture<LinkEpoch> result,
      LinkKeyAnnouncement announced,
      byte[] key,
      Throwable failure) {
    if (result == reading) {
      reading = null;
      readingKeyId = null;
    }
    // Never ask the KME for these IDs again: read or refused, a key ID is good for one read.
    unreadable.add(announced.firstKeyId());
    if (failure != null) {
      failures.incrementAndGet();
      keyFailure = true;
      lastFailure = ReceivingLink.rootMessage(failure);
      log.warn(
          "could not read link key epoch {} announced by {}: {}",
          announced.epoch(),
          receiver,
          lastFailure);
      result.completeExceptionally(failure);
      return;
    }
    LinkEpoch epoch;
    try {
      epoch = new LinkEpoch(announced, scheme.secret(key), clock.getAsLong());
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
      return;
    }
    bitsRead.addAndGet(announced.bits());
    if (older != null) {
      older.secret().destroy();
      older = null;
    }
    // The replaced key is kept one more rotation: a request may be being tagged under it now
    // (and, with Wegman-Carter, its remaining pads are used first).
    older = held;
    held = epoch;
    lastFailure = null;
    keyFailure = false;
    log.debug("link key epoch {} for {} read: {}", announced.epoch(), receiver, announced.keyIds());
    result.complete(epoch);
  }

  private synchronized void failed(Throwable failure) {
    lastFailure = ReceivingLink.rootMessage(failure);
    nextAttemptMillis = clock.getAsLong() + RETRY_MILLIS;
    log.warn("no link key to send to {}: {}", receiver, lastFailure);
  }

  /** A request tagged under this link's key. */
  void tagged() {
    tagged.incrementAndGet();
  }

  /** A request that could not be tagged, so was not sent. */
  void unsent() {
    unsent.incrementAndGet();
  }

  LinkKeyUnavailableException unavailable(Throwable failure) {
    Throwable cause =
        failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    if (cause instanceof LinkKeyUnavailableException unavailable) {
      return unavailable;
    }
    return new LinkKeyUnavailableException(receiver, ReceivingLink.rootMessage(cause), cause);
  }

  synchronized LinkAuthView view() {
    LinkEpoch current = held;
    return new LinkAuthView(
        receiver,
        LinkAuthView.Direction.OUTBOUND,
        current == null ? 0 : current.number(),
        current == null ? -1 : clock.getAsLong() - current.sinceMillis(),
        bitsRead.get(),
        // Down only for a key this peer's KME would not hand over; an unreachable receiver is
        // that peer's outage, not this link's key.
        usableQuietly() == null && keyFailure,
        unsent.get(),
        failures.get(),
        lastFailure,
        tagged.get());
  }

  private LinkEpoch usableQuietly() {
    if (older != null && older.secret() instanceof WegmanCarterLinkSecret && older.padsLeft() > 0) {
      return older;
    }
    return held != null && held.padsLeft() > 0 ? held : null;
  }
}
