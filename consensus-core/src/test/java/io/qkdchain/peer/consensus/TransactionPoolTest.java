package io.qkdchain.peer.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TransactionPoolTest {

  private static Transaction tx(String id) {
    return new Transaction(id, "data of " + id);
  }

  @Test
  void the_pool_refuses_what_would_pass_its_byte_bound_and_frees_room_on_commit() {
    TransactionPool pool = new TransactionPool(100, 1_000);
    assertThat(pool.add(tx("a"), 400)).isTrue();
    assertThat(pool.add(tx("b"), 400)).isTrue();
    assertThat(pool.isFullFor(400)).isTrue();
    assertThat(pool.add(tx("c"), 400)).isFalse();
    assertThat(pool.add(tx("d"), 200)).isTrue();
    assertThat(pool.bytes()).isEqualTo(1_000);

    pool.removeAll(List.of(tx("a")));
    assertThat(pool.bytes()).isEqualTo(600);
    assertThat(pool.add(tx("c"), 400)).isTrue();
  }

  @Test
  void one_transaction_larger_than_the_byte_bound_still_fits_an_empty_pool() {
    TransactionPool pool = new TransactionPool(100, 1_000);
    assertThat(pool.add(tx("big"), 5_000)).isTrue();
    assertThat(pool.add(tx("small"), 1)).isFalse();
  }

  @Test
  void the_count_bound_holds_whatever_the_bytes() {
    TransactionPool pool = new TransactionPool(2, Long.MAX_VALUE);
    assertThat(pool.add(tx("a"), 1)).isTrue();
    assertThat(pool.add(tx("b"), 1)).isTrue();
    assertThat(pool.add(tx("c"), 1)).isFalse();
    assertThat(pool.add(tx("a"), 1)).isFalse();
    assertThat(pool.size()).isEqualTo(2);
  }
}
