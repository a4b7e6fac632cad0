package io.qkdchain.peer.consensus;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Messages for rounds this peer has not reached yet, held until it gets there. Bounded: beyond
 * {@code capacity} a message is dropped and counted (a peer that far behind catches up instead).
 */
final class FutureMessages {

  record Held(PeerId from, PeerMessage message, Round round) {}

  /**
   * Heights beyond the current one by more than this are not held at all: one catch-up batch brings
   * a peer that far, and a message further ahead would otherwise sit here until then.
   */
  static final long HEIGHT_HORIZON = CatchUp.BATCH;

  private final int capacity;
  private final List<Held> held = new ArrayList<>();
  private long dropped;

  FutureMessages(int capacity) {
    this.capacity = capacity;
  }

  /** Holds a message; false (and counted) when the buffer is full. */
  boolean hold(PeerId from, PeerMessage message, Round round) {
    if (held.size() >= capacity) {
      dropped++;
      return false;
    }
    held.add(new Held(from, message, round));
    return true;
  }

  /**
   * Takes out everything now due at {@code current} (its height, views up to its view), in arrival
   * order, and forgets what is stale; later rounds stay.
   */
  List<Held> release(Round current) {
    List<Held> due = new ArrayList<>();
    Iterator<Held> it = held.iterator();
    while (it.hasNext()) {
      Held h = it.next();
      Round r = h.round();
      if (r.height() < current.height()) {
        it.remove();
      } else if (r.height() == current.height() && r.view() <= current.view()) {
        it.remove();
        due.add(h);
      }
    }
    return due;
  }

  void countDropped() {
    dropped++;
  }

  long dropped() {
    return dropped;
  }

  int size() {
    return held.size();
  }
}
