package io.qkdchain.peer.consensus;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Uncommitted transactions in order of first arrival, deduplicated by id, bounded. Thread-safe:
 * submissions add from HTTP threads and status reads come from anywhere, while the event loop takes
 * batches and removes what was committed. Every operation is O(1) or O(batch), never O(pool).
 */
final class TransactionPool {

  private record Entry(Transaction transaction, int utf8Bytes) {}

  private final int capacity;
  private final Map<String, Entry> entries = new LinkedHashMap<>();

  TransactionPool(int capacity) {
    this.capacity = capacity;
  }

  /** Adds unless already present or full; true when it was added. */
  synchronized boolean add(Transaction transaction, int utf8Bytes) {
    if (entries.size() >= capacity || entries.containsKey(transaction.id())) {
      return false;
    }
    entries.put(transaction.id(), new Entry(transaction, utf8Bytes));
    return true;
  }

  synchronized boolean contains(String id) {
    return entries.containsKey(id);
  }

  synchronized int size() {
    return entries.size();
  }

  synchronized boolean isFull() {
    return entries.size() >= capacity;
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
      entries.remove(tx.id());
    }
  }
}
