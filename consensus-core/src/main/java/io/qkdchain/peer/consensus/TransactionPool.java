package io.qkdchain.peer.consensus;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Uncommitted transactions in order of first arrival, deduplicated by id, bounded both in count and
 * in UTF-8 bytes (so clients cannot fill the heap with large transactions; one transaction is
 * always admitted into an empty pool). Thread-safe: submissions add from HTTP threads and status
 * reads come from anywhere, while the event loop takes batches and removes what was committed.
 * Every operation is O(1) or O(batch), never O(pool).
 */
final class TransactionPool {

  private record Entry(Transaction transaction, int utf8Bytes) {}

  private final int capacity;
  private final long maxBytes;
  private final Map<String, Entry> entries = new LinkedHashMap<>();
  private long bytes;

  TransactionPool(int capacity, long maxBytes) {
    this.capacity = capacity;
    this.maxBytes = maxBytes;
  }

  /** Adds unless already present or it does not fit; true when it was added. */
  synchronized boolean add(Transaction transaction, int utf8Bytes) {
    if (!fits(utf8Bytes) || entries.containsKey(transaction.id())) {
      return false;
    }
    entries.put(transaction.id(), new Entry(transaction, utf8Bytes));
    bytes += utf8Bytes;
    return true;
  }

  /** Whether a transaction of this many UTF-8 bytes would be refused for lack of room. */
  synchronized boolean isFullFor(int utf8Bytes) {
    return !fits(utf8Bytes);
  }

  synchronized long bytes() {
    return bytes;
  }

  // Holds the monitor.
  private boolean fits(int utf8Bytes) {
    return entries.size() < capacity && (entries.isEmpty() || bytes + utf8Bytes <= maxBytes);
  }

  synchronized boolean contains(String id) {
    return entries.containsKey(id);
  }

  synchronized int size() {
    return entries.size();
  }

  synchronized boolean isEmpty() {
    return entries.isEmpty();
  }

  /**
   * The oldest transactions that fit in one block: at most {@code maxTransactions} and {@code
   * maxBytes} of text, except that a single larger transaction still gets a block of its own.
   */
  synchronized List<Transaction> nextBatch(int maxTransactions, long maxBytes) {
    List<Transaction> batch = new ArrayList<>(Math.min(maxTransactions, entries.size()));
    long bytes = 0;
    Iterator<Entry> it = entries.values().iterator();
    while (it.hasNext() && batch.size() < maxTransactions) {
      Entry entry = it.next();
      if (!batch.isEmpty() && bytes + entry.utf8Bytes() > maxBytes) {
        break;
      }
      batch.add(entry.transaction());
      bytes += entry.utf8Bytes();
    }
    return batch;
  }

  synchronized void removeAll(Collection<Transaction> committed) {
    for (Transaction tx : committed) {
      Entry removed = entries.remove(tx.id());
      if (removed != null) {
        bytes -= removed.utf8Bytes();
      }
    }
  }
}
