package io.qkdchain.etsi014;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KeyPlanTest {

  private static KeyStatus limits(int maxKeyPerRequest, int maxKeySize, int minKeySize) {
    return new KeyStatus(
        "A",
        "B",
        "m",
        "s",
        maxKeySize,
        100,
        1000,
        maxKeyPerRequest,
        maxKeySize,
        minKeySize,
        0,
        null);
  }

  @Test
  void a_round_key_within_the_maximum_size_is_one_key_of_exactly_that_size() {
    KeyPlan plan = KeyPlan.forBits(768, limits(10, 1024, 64));

    assertThat(plan).isEqualTo(new KeyPlan(768, 1, 768, 10));
    assertThat(plan.batches()).containsExactly(1);
    assertThat(plan.excessBits()).isZero();
  }

  @Test
  void a_round_key_above_the_maximum_size_is_split_into_equal_keys() {
    KeyPlan plan = KeyPlan.forBits(3072, limits(10, 1024, 64));

    assertThat(plan.keyCount()).isEqualTo(3);
    assertThat(plan.keySizeBits()).isEqualTo(1024);
  }

  @Test
  void more_keys_than_one_request_allows_are_spread_over_several_requests() {
    KeyPlan plan = KeyPlan.forBits(7 * 256, limits(3, 256, 8));

    assertThat(plan.keyCount()).isEqualTo(7);
    assertThat(plan.batches()).containsExactly(3, 3, 1);
  }

  @Test
  void more_keys_are_used_when_that_gives_an_exact_fit() {
    // 24 bits with 16-bit keys at most: two keys would need 12 bits each, three of 8 fit exactly.
    KeyPlan plan = KeyPlan.forBits(24, limits(10, 16, 8));

    assertThat(plan).isEqualTo(new KeyPlan(24, 3, 8, 10));
  }

  @Test
  void when_no_exact_fit_exists_the_keys_hold_more_and_the_excess_is_counted() {
    KeyPlan plan = KeyPlan.forBits(256, limits(10, 1024, 1024));

    assertThat(plan).isEqualTo(new KeyPlan(256, 1, 1024, 10));
    assertThat(plan.excessBits()).isEqualTo(768);
  }

  @Test
  void limits_that_are_not_whole_bytes_are_rounded_inward() {
    // min 4 bits (as a real device reports) becomes 8; max 1020 becomes 1016.
    KeyPlan plan = KeyPlan.forBits(2032, limits(10, 1020, 4));

    assertThat(plan).isEqualTo(new KeyPlan(2032, 2, 1016, 10));
  }

  @Test
  void a_status_allowing_no_whole_byte_key_is_rejected() {
    assertThatThrownBy(() -> KeyPlan.forBits(64, limits(10, 12, 9)))
        .isInstanceOf(MalformedKmeResponse.class)
        .hasMessageContaining("min_key_size 9 and max_key_size 12");
  }

  @Test
  void a_round_key_size_that_is_not_whole_bytes_is_refused() {
    assertThatThrownBy(() -> KeyPlan.forBits(100, limits(10, 1024, 8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bits must be a positive multiple of 8");
  }
}
