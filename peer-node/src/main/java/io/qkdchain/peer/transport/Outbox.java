package io.qkdchain.peer.transport;

import io.qkdchain.peer.consensus.PeerId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The messages waiting for one peer, already encoded. At most one request is in flight; whatever
 * queued meanwhile leaves as one batch (up to {@code batchBytes}; a larger message goes alone) when
 * it returns, so a burst of votes costs a few requests. Messages can also be held back while one
 * consensus step runs ({@link #hold}, then {@link #release}), so that, e.g., a vote and the next
 * vote-chain request for the same peer travel in one request instead of the second waiting for the
 * first's round trip. The queue is bounded: beyond the bound the oldest message is dropped (its
 * stage fails) and counted.
 */
final class Outbox {

  private record Queued(byte[] json, CompletableFuture<Void> delivered) {}

  private final PeerId peer;
  private final int capacity;
  private final int batchBytes;
  private final Function<List<byte[]>, CompletableFuture<Void>> post;
  private final ArrayDeque<Queued> queue = new ArrayDeque<>();
  private boolean inFlight;
  private long dropped;
  private long requests;

  /**
   * @param post sends one batch; its stage completes when the peer accepted it
   */
  Outbox(
      PeerId peer,
      int capacity,
      int batchBytes,
      Function<List<byte[]>, CompletableFuture<Void>> post) {
    this.peer = peer;
    this.capacity = capacity;
    this.batchBytes = batchBytes;
    this.post = post;
  }

  /** Queues a message and sends it at once when no request is in flight. */
  CompletableFuture<Void> enqueue(byte[] json) {
    CompletableFuture<Void> delivered = hold(json);
    release();
    return delivered;
  }

  /**
   * Queues a message without starting a request, so that more messages for this peer can join it;
   * {@link #release} sends what is held.
   */
  CompletableFuture<Void> hold(byte[] json) {
    Queued queued = new Queued(json, new CompletableFuture<>());
    Queued evicted = null;
    synchronized (this) {
      if (queue.size() >= capacity) {
        evicted = queue.pollFirst();
        dropped++;
      }
      queue.addLast(queued);
    }
    if (evicted != null) {
      evicted.delivered.completeExceptionally(
          new PeerUnreachableException(
              peer,
              "outbound queue full (" + capacity + " messages): oldest message dropped",
              null));
    }
    return queued.delivered;
  }

  /** Starts a request with the queued messages unless one is in flight (its return sends them). */
  void release() {
    List<Queued> batch = null;
    synchronized (this) {
      if (!inFlight && !queue.isEmpty()) {
        inFlight = true;
        batch = drain();
      }
    }
    if (batch != null) {
      send(batch);
    }
  }

  synchronized long dropped() {
    return dropped;
  }

  synchronized long requests() {
    return requests;
  }

  synchronized int queued() {
    return queue.size();
  }

  private void send(List<Queued> batch) {
    CompletableFuture<Void> sent;
    try {
      sent = post.apply(batch.stream().map(Queued::json).toList());
    } catch (RuntimeException e) {
      sent = CompletableFuture.failedFuture(e);
    }
    sent.whenComplete(
        (ok, failure) -> {
          for (Queued queued : batch) {
            if (failure == null) {
              queued.delivered.complete(null);
            } else {
              queued.delivered.completeExceptionally(failure);
            }
          }
          List<Queued> next;
          synchronized (this) {
            if (queue.isEmpty()) {
              inFlight = false;
              return;
            }
            next = drain();
          }
          send(next);
        });
  }

  // Holds the monitor.
  private List<Queued> drain() {
    List<Queued> batch = new ArrayList<>();
    long bytes = 0;
    while (!queue.isEmpty()
        && (batch.isEmpty() || bytes + queue.peekFirst().json().length <= batchBytes)) {
      Queued next = queue.pollFirst();
      bytes += next.json().length;
      batch.add(next);
    }
    requests++;
    return batch;
  }
}
