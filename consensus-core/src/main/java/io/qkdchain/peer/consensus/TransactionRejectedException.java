package io.qkdchain.peer.consensus;

import java.util.Objects;

/** A transaction refused at submission; nothing was recorded. The reason maps to an HTTP status. */
public final class TransactionRejectedException extends RuntimeException {

  /** Why a transaction was refused. */
  public enum Reason {
    /** Empty text (400). */
    EMPTY,
    /** Text that is not valid Unicode, so it has no UTF-8 encoding (400). */
    MALFORMED,
    /** More UTF-8 bytes than {@code maxTransactionBytes} (413). */
    TOO_LARGE,
    /** The pool holds {@code maxPendingTransactions} already (503). */
    POOL_FULL,
    /** The engine is not running (503). */
    STOPPED
  }

  private final Reason reason;

  public TransactionRejectedException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
