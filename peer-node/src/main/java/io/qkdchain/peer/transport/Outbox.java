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
 * it returns, so a burst of votes costs a few requests. The queue is bounded: beyond the bound the
 * oldest message is dropped (its stage fails) and counted.
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

  CompletableFuture<Void> enqueue(byte[] json) {
    Queued queued = new Queued(json, new CompletableFuture<>());
    Queued evicted = null;
    List<Queued> batch = null;
    synchronized (this) {
      if (queue.size() >= capacity) {
        evicted = queue.pollFirst();
        dropped++;
      }
      queue.addLast(queued);
      if (!inFlight) {
        inFlight = true;
        batch = drain();
      }
    }
    if (evicted != null) {
      evicted.delivered.completeExceptionally(
          new PeerUnreachableException(
              peer,
              "outbound queue full (" + capacity + " messages): oldest message dropped",
              null));
    }
    if (batch != null) {
      send(batch);
    }
    return queued.delivered;
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
