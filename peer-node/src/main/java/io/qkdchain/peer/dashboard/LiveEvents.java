package io.qkdchain.peer.dashboard;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Round events to the browsers over server-sent events. Publishing never blocks the consensus loop:
 * each subscriber has a bounded queue drained by a sender thread, and a subscriber whose queue
 * fills (a slow or stalled client) is dropped; its browser reconnects and gets the recent events
 * again. A new subscriber first receives the last {@code replay} events, so a page opened mid-round
 * shows the round so far.
 */
public final class LiveEvents implements Consumer<RoundEvent>, SmartLifecycle {

  private static final Object HEARTBEAT = new Object();
  private static final Object CLOSE = new Object();

  private final int maxSubscribers;
  private final int queueCapacity;
  private final int replay;
  private final Duration emitterTimeout;
  private final Object lock = new Object();
  private final ArrayDeque<RoundEvent> recent;
  private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
  private final ExecutorService senders = Executors.newCachedThreadPool(daemons("sse-sender-"));
  private final ScheduledExecutorService heartbeats =
      Executors.newSingleThreadScheduledExecutor(daemons("sse-heartbeat-"));
  private volatile boolean running;

  /**
   * @param maxSubscribers open streams at most; more are refused
   * @param queueCapacity events queued per subscriber before it counts as too slow; must exceed
   *     {@code replay}
   * @param replay recent events sent to each new subscriber
   * @param heartbeat interval of keep-alive comments, which also reveal closed connections
   * @param emitterTimeout how long one stream stays open (the browser then reconnects)
   */
  public LiveEvents(
      int maxSubscribers,
      int queueCapacity,
      int replay,
      Duration heartbeat,
      Duration emitterTimeout) {
    if (maxSubscribers < 1 || replay < 0 || queueCapacity <= replay) {
      throw new IllegalArgumentException(
          "need maxSubscribers >= 1 and queueCapacity > replay >= 0, got "
              + maxSubscribers
              + ", "
              + queueCapacity
              + ", "
              + replay);
    }
    this.maxSubscribers = maxSubscribers;
    this.queueCapacity = queueCapacity;
    this.replay = replay;
    this.emitterTimeout = emitterTimeout;
    this.recent = new ArrayDeque<>(replay + 1);
    long period = heartbeat.toMillis();
    heartbeats.scheduleAtFixedRate(this::heartbeat, period, period, TimeUnit.MILLISECONDS);
  }

  /** Publishes an event to every subscriber (called on the consensus loop). */
  @Override
  public void accept(RoundEvent event) {
    synchronized (lock) {
      if (replay > 0) {
        if (recent.size() == replay) {
          recent.removeFirst();
        }
        recent.addLast(event);
      }
      for (Subscriber subscriber : subscribers) {
        subscriber.offer(event);
      }
    }
  }

  /**
   * Opens a stream for one browser.
   *
   * @throws StreamRefusedException when the peer is stopping or enough streams are open
   */
  public SseEmitter subscribe() {
    SseEmitter emitter = new SseEmitter(emitterTimeout.toMillis());
    Subscription subscription = open(new SseSink(emitter));
    emitter.onCompletion(subscription::forget);
    emitter.onTimeout(subscription::forget);
    emitter.onError(error -> subscription.forget());
    return emitter;
  }

  /** Where one subscriber's events go; {@link #send} may block on a slow client. */
  interface EventSink {
    /** An event, or null for a keep-alive. */
    void send(RoundEvent event) throws IOException;

    void complete();
  }

  /** An open stream; {@link #forget} when the client went away. */
  interface Subscription {
    void forget();
  }

  /**
   * Starts a stream to {@code sink}: the recent events first, then live ones.
   *
   * @throws StreamRefusedException when the peer is stopping or enough streams are open
   */
  Subscription open(EventSink sink) {
    if (!running) {
      throw new StreamRefusedException(
          "the peer is not serving live events (starting or stopping)");
    }
    Subscriber subscriber = new Subscriber(sink);
    synchronized (lock) {
      if (subscribers.size() >= maxSubscribers) {
        throw new StreamRefusedException(
            "this peer already serves " + maxSubscribers + " live event streams");
      }
      subscribers.add(subscriber);
      // A first keep-alive makes the server send the headers at once, even with nothing to replay.
      subscriber.queue.add(HEARTBEAT);
      subscriber.queue.addAll(recent);
    }
    subscriber.schedule();
    return () -> subscribers.remove(subscriber);
  }

  public int subscriberCount() {
    return subscribers.size();
  }

  /** Recent events, oldest first (what a new subscriber receives first). */
  public List<RoundEvent> recent() {
    synchronized (lock) {
      return List.copyOf(recent);
    }
  }

  private void heartbeat() {
    for (Subscriber subscriber : subscribers) {
      subscriber.offer(HEARTBEAT);
    }
  }

  @Override
  public void start() {
    running = true;
  }

  /** Ends every stream before the web server's graceful shutdown would wait for them. */
  @Override
  public void stop() {
    running = false;
    for (Subscriber subscriber : subscribers) {
      subscriber.close();
    }
    heartbeats.shutdownNow();
    senders.shutdown();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private final class Subscriber {

    private final EventSink sink;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(queueCapacity + 1);
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile boolean closing;

    Subscriber(EventSink sink) {
      this.sink = sink;
    }

    void offer(Object item) {
      if (closing) {
        return;
      }
      // One slot is kept for CLOSE, so the sender always learns that it must end the stream.
      if (queue.size() >= queueCapacity || !queue.offer(item)) {
        close();
        return;
      }
      schedule();
    }

    /** Completing the emitter is left to the sender: it may be blocked on this very client. */
    void close() {
      closing = true;
      subscribers.remove(this);
      queue.clear();
      queue.offer(CLOSE);
      schedule();
    }

    void schedule() {
      if (scheduled.compareAndSet(false, true)) {
        try {
          senders.execute(this::drain);
        } catch (java.util.concurrent.RejectedExecutionException e) {
          scheduled.set(false);
        }
      }
    }

    private void drain() {
      do {
        Object item;
        while ((item = queue.poll()) != null) {
          if (item == CLOSE) {
            complete();
            return;
          }
          if (!send(item)) {
            return;
          }
        }
        scheduled.set(false);
      } while (!queue.isEmpty() && scheduled.compareAndSet(false, true));
    }

    private boolean send(Object item) {
      try {
        sink.send(item == HEARTBEAT ? null : (RoundEvent) item);
        return true;
      } catch (IOException | RuntimeException e) {
        // The browser went away (or the stream already ended): forget it.
        closing = true;
        subscribers.remove(this);
        queue.clear();
        return false;
      }
    }

    private void complete() {
      try {
        sink.complete();
      } catch (RuntimeException e) {
        // Already completed by the container (timeout or disconnect).
      }
    }
  }

  private record SseSink(SseEmitter emitter) implements EventSink {

    @Override
    public void send(RoundEvent event) throws IOException {
      if (event == null) {
        emitter.send(SseEmitter.event().comment("keep-alive"));
      } else {
        emitter.send(
            SseEmitter.event()
                .id(Long.toString(event.seq()))
                .data(event, MediaType.APPLICATION_JSON));
      }
    }

    @Override
    public void complete() {
      emitter.complete();
    }
  }

  private static ThreadFactory daemons(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
