package io.qkdchain.simulator.kme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class PendingKeysTest {

  private static final SaePair ONE_TO_TWO = new SaePair("peer-1", "peer-2");

  private final MutableClock clock = new MutableClock();
  private final PendingKeys keys = new PendingKeys(3, Duration.ofMinutes(10), clock);

  @Test
  void a_key_is_released_once_to_its_slave() {
    List<UUID> ids = keys.store(ONE_TO_TWO, Set.of(), List.of(new byte[] {1, 2}));

    assertThat(keys.release("peer-1", "peer-2", ids).get(0).material()).containsExactly(1, 2);
    assertThatThrownBy(() -> keys.release("peer-1", "peer-2", ids))
        .satisfies(e -> assertStatus(e, HttpStatus.BAD_REQUEST));
  }

  @Test
  void a_refused_id_consumes_none_of_the_others() {
    List<UUID> ids = keys.store(ONE_TO_TWO, Set.of(), List.of(new byte[] {1}, new byte[] {2}));
    List<UUID> withUnknown = List.of(ids.get(0), UUID.randomUUID());

    assertThatThrownBy(() -> keys.release("peer-1", "peer-2", withUnknown))
        .satisfies(e -> assertStatus(e, HttpStatus.BAD_REQUEST));
    assertThat(keys.release("peer-1", "peer-2", ids)).hasSize(2);
  }

  @Test
  void a_key_of_another_master_or_for_another_slave_is_unauthorised() {
    List<UUID> ids = keys.store(ONE_TO_TWO, Set.of(), List.of(new byte[] {1}));

    assertThatThrownBy(() -> keys.release("peer-3", "peer-2", ids))
        .satisfies(e -> assertStatus(e, HttpStatus.UNAUTHORIZED));
    assertThatThrownBy(() -> keys.release("peer-1", "peer-3", ids))
        .satisfies(e -> assertStatus(e, HttpStatus.UNAUTHORIZED));
    assertThatThrownBy(() -> keys.release("peer-1", "peer-1", ids))
        .satisfies(e -> assertStatus(e, HttpStatus.UNAUTHORIZED));
  }

  @Test
  void the_same_id_twice_in_one_request_is_a_bad_request() {
    UUID id = keys.store(ONE_TO_TWO, Set.of(), List.of(new byte[] {1})).get(0);

    assertThatThrownBy(() -> keys.release("peer-1", "peer-2", List.of(id, id)))
        .satisfies(e -> assertStatus(e, HttpStatus.BAD_REQUEST));
  }

  @Test
  void a_full_pair_refuses_new_keys_with_503_but_other_pairs_do_not() {
    keys.store(ONE_TO_TWO, Set.of(), List.of(new byte[1], new byte[1], new byte[1]));

    assertThatThrownBy(() -> keys.store(ONE_TO_TWO, Set.of(), List.of(new byte[1])))
        .satisfies(e -> assertStatus(e, HttpStatus.SERVICE_UNAVAILABLE));
    assertThat(keys.store(new SaePair("peer-2", "peer-1"), Set.of(), List.of(new byte[1])))
        .hasSize(1);
    assertThat(keys.freeSlots(ONE_TO_TWO)).isZero();
  }

  @Test
  void expired_keys_are_gone_and_free_their_slots() {
    List<UUID> ids = keys.store(ONE_TO_TWO, Set.of(), List.of(new byte[1], new byte[1]));
    clock.advance(Duration.ofMinutes(10));

    assertThatThrownBy(() -> keys.release("peer-1", "peer-2", ids))
        .satisfies(e -> assertStatus(e, HttpStatus.BAD_REQUEST));
    assertThat(keys.freeSlots(ONE_TO_TWO)).isEqualTo(3);
  }

  @Test
  void a_key_for_several_slaves_stays_until_each_has_read_it() {
    List<UUID> ids = keys.store(ONE_TO_TWO, Set.of("peer-3"), List.of(new byte[] {7}));

    keys.release("peer-1", "peer-2", ids);
    assertThat(keys.freeSlots(ONE_TO_TWO)).isEqualTo(2);
    assertThatThrownBy(() -> keys.release("peer-1", "peer-2", ids))
        .satisfies(e -> assertStatus(e, HttpStatus.BAD_REQUEST));
    assertThat(keys.release("peer-1", "peer-3", ids).get(0).material()).containsExactly(7);
    assertThat(keys.freeSlots(ONE_TO_TWO)).isEqualTo(3);
  }

  private static void assertStatus(Throwable e, HttpStatus status) {
    assertThat(e).isInstanceOf(KmeException.class);
    assertThat(((KmeException) e).status()).isEqualTo(status);
  }

  private static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
