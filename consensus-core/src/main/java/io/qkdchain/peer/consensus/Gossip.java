package io.qkdchain.peer.consensus;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Spreads the transactions this peer acknowledged (it is their entry peer): batched on arrival,
 * then again every {@code regossipInterval} while uncommitted, after a restart too. That is what
 * turns a 202 into "eventually committed" even when gossip or the proposer is lost.
 */
final class Gossip {

  private record Own(Transaction transaction, long lastSentAt) {}

  private final PeerContext ctx;
  private final long intervalMillis;
  private final int chunk;
  private final Map<String, Own> own = new LinkedHashMap<>();
  private final List<Transaction> outgoing = new ArrayList<>();
  private EventLoop.Cancellable ticker;

  Gossip(PeerContext ctx) {
    this.ctx = ctx;
    this.intervalMillis = ctx.settings().regossipInterval().toMillis();
    this.chunk = Math.max(1, Math.min(ctx.settings().maxBlockTransactions(), 1000));
  }

  void start() {
    tick();
  }

  void stop() {
    if (ticker != null) {
      ticker.cancel();
    }
  }

  /** Transactions from this peer's pool log after a restart: re-sent at once. */
  void restore(List<Transaction> pending) {
    for (Transaction tx : pending) {
      own.putIfAbsent(tx.id(), new Own(tx, Long.MIN_VALUE));
    }
  }

  /** A transaction this peer just acknowledged. */
  void acknowledged(Transaction tx) {
    if (own.containsKey(tx.id()) || ctx.chain().blockIndexOf(tx.id()).isPresent()) {
      return;
    }
    own.put(tx.id(), new Own(tx, ctx.loop().nowMillis()));
    if (outgoing.isEmpty()) {
      ctx.loop().execute(() -> ctx.gate().run(this::flush));
    }
    outgoing.add(tx);
  }

  /** Stops re-sending what a block committed, and compacts the pool log. */
  void committed(List<Transaction> transactions) {
    Set<String> forgotten =
        transactions.stream()
            .map(Transaction::id)
            .filter(id -> own.remove(id) != null)
            .collect(Collectors.toSet());
    if (!forgotten.isEmpty()) {
      ctx.store().forgetPending(forgotten);
    }
  }

  int ownPending() {
    return own.size();
  }

  private void flush() {
    send(outgoing);
    outgoing.clear();
  }

  private void tick() {
    regossipDue();
    ticker =
        ctx.loop().schedule(ctx.settings().regossipInterval(), () -> ctx.gate().run(this::tick));
  }

  /** Entries are kept in order of last sending, so the due ones are a prefix: O(due). */
  private void regossipDue() {
    long now = ctx.loop().nowMillis();
    List<Own> due = new ArrayList<>();
    Iterator<Own> it = own.values().iterator();
    while (it.hasNext()) {
      Own entry = it.next();
      if (entry.lastSentAt() != Long.MIN_VALUE && now - entry.lastSentAt() < intervalMillis) {
        break;
      }
      it.remove();
      due.add(entry);
    }
    List<Transaction> resend = new ArrayList<>(due.size());
    for (Own entry : due) {
      own.put(entry.transaction().id(), new Own(entry.transaction(), now));
      resend.add(entry.transaction());
    }
    send(resend);
  }

  private void send(List<Transaction> transactions) {
    for (int from = 0; from < transactions.size(); from += chunk) {
      List<Transaction> part =
          List.copyOf(transactions.subList(from, Math.min(transactions.size(), from + chunk)));
      ctx.broadcast(new PeerMessage.TxGossip(part));
    }
  }
}
