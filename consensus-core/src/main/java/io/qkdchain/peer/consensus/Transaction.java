package io.qkdchain.peer.consensus;

import java.util.Objects;

/** A client transaction: an id given by the entry peer and the client's text. */
public record Transaction(String id, String data) {

  public Transaction {
    Objects.requireNonNull(id, "transaction id");
    Objects.requireNonNull(data, "transaction data");
    if (id.isEmpty() || id.length() > 128) {
      throw new IllegalArgumentException("transaction id must be 1-128 characters");
    }
  }
}
