package io.qkdchain.peer.auth;

import io.qkdchain.peer.config.AccessSettings.LinkKeyTiming;
import io.qkdchain.peer.consensus.PeerId;
import io.qkdchain.peer.keys.LinkKeyStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Every link's QKD authentication keys, both directions: what this peer drew for each sender
 * ({@link ReceivingLink}) and what it read from each receiver ({@link SendingLink}), and the timer
 * that rotates the drawn ones. Held in memory only: a restarted peer draws and reads afresh.
 */
public final class LinkKeyRing implements AutoCloseable {

  private final boolean enabled;
  private final LinkTagScheme scheme;
  private final LinkKeyTiming timing;
  private final Map<PeerId, ReceivingLink> receiving = new LinkedHashMap<>();
  private final Map<PeerId, SendingLink> sending = new LinkedHashMap<>();
  private ScheduledExecutorService timer;

  public LinkKeyRing(
      Map<PeerId, LinkKeyStream> streams,
      LinkTagScheme scheme,
      LinkKeyTiming timing,
      SendingLink.Announcements announcements,
      LongSupplier clock) {
    this.enabled = true;
    this.scheme = scheme;
    this.timing = timing;
    streams.forEach(
        (peer, stream) -> {
          receiving.put(peer, new ReceivingLink(peer, stream, scheme, timing, clock));
          sending.put(
              peer,
              new SendingLink(
                  peer, stream, scheme, announcements, timing.epoch().toMillis(), clock));
        });
  }

  private LinkKeyRing(LinkKeyTiming timing) {
    this.enabled = false;
    this.scheme = new LinkTagScheme.Hmac();
    this.timing = timing;
  }

  /** For a peer whose links are not authenticated by QKD keys: no links, nothing to rotate. */
  public static LinkKeyRing disabled(LinkKeyTiming timing) {
    return new LinkKeyRing(timing);
  }

  /** Whether this peer authenticates its links with QKD keys. */
  public boolean enabled() {
    return enabled;
  }

  public LinkTagScheme scheme() {
    return scheme;
  }

  /** Starts rotating on a timer ticking several times an epoch. */
  public synchronized LinkKeyRing start() {
    if (enabled && timer == null) {
      timer =
          Executors.newSingleThreadScheduledExecutor(
              runnable -> {
                Thread thread = new Thread(runnable, "link-keys");
                thread.setDaemon(true);
                return thread;
              });
      long tick = tickMillis(timing.epoch());
      timer.scheduleWithFixedDelay(this::maintain, tick, tick, TimeUnit.MILLISECONDS);
    }
    return this;
  }

  static long tickMillis(Duration epoch) {
    return Math.max(20, Math.min(1_000, epoch.toMillis() / 10));
  }

  /** Starts every due rotation and re-establishes links without a key; what the timer runs. */
  public void maintain() {
    receiving.values().forEach(ReceivingLink::maintain);
    sending.values().forEach(SendingLink::maintain);
  }

  boolean knows(PeerId peer) {
    return receiving.containsKey(peer);
  }

  ReceivingLink receiving(PeerId sender) {
    return receiving.get(sender);
  }

  SendingLink sending(PeerId receiver) {
    return sending.get(receiver);
  }

  /** One direction of the link to {@code peer}; empty for a peer this ring has no link to. */
  public java.util.Optional<LinkAuthView> view(PeerId peer, LinkAuthView.Direction direction) {
    return java.util.Optional.ofNullable(
            direction == LinkAuthView.Direction.INBOUND
                ? (Object) receiving.get(peer)
                : sending.get(peer))
        .map(link -> link instanceof ReceivingLink in ? in.view() : ((SendingLink) link).view());
  }

  /** The peers this ring has links to. */
  public java.util.Set<PeerId> peers() {
    return java.util.Set.copyOf(receiving.keySet());
  }

  /** Both directions of every link, inbound first. */
  public List<LinkAuthView> views() {
    List<LinkAuthView> views = new ArrayList<>();
    receiving.values().forEach(link -> views.add(link.view()));
    sending.values().forEach(link -> views.add(link.view()));
    return views;
  }

  @Override
  public synchronized void close() {
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
  }
}
