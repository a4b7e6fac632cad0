package io.qkdchain.qrng;

import static io.qkdchain.qrng.SeededSources.chiSquare;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RandomSourceTest {

  // Chi-square critical value for 2 degrees of freedom at p = 0.001.
  private static final double CRITICAL_2_DOF = 13.82;

  @Test
  void a_bound_of_three_is_drawn_without_bias() {
    RandomSource source = SeededSources.seeded(3L);
    int[] counts = new int[3];
    int draws = 30_000;
    for (int i = 0; i < draws; i++) {
      counts[source.nextInt(3)]++;
    }

    List<Integer> observed = new ArrayList<>();
    for (int count : counts) {
      observed.add(count);
    }
    assertThat(chiSquare(observed, draws / 3.0)).isLessThan(CRITICAL_2_DOF);
  }

  @Test
  void candidates_outside_the_bound_are_rejected_not_folded() {
    ScriptedSource source = new ScriptedSource(3, 3, 2);

    assertThat(source.nextInt(3)).isEqualTo(2);
    assertThat(source.bitCounts).containsExactly(2, 2, 2);
  }

  @Test
  void a_power_of_two_bound_spends_exactly_its_bits() {
    ScriptedSource source = new ScriptedSource(7);

    assertThat(source.nextInt(8)).isEqualTo(7);
    assertThat(source.bitCounts).containsExactly(3);
  }

  @Test
  void a_bound_of_one_spends_no_bits() {
    ScriptedSource source = new ScriptedSource();

    assertThat(source.nextInt(1)).isZero();
    assertThat(source.bitCounts).isEmpty();
  }

  @Test
  void the_largest_int_bound_draws_thirty_one_bits() {
    ScriptedSource source = new ScriptedSource(Integer.MAX_VALUE, 12345);

    assertThat(source.nextInt(Integer.MAX_VALUE)).isEqualTo(12345);
    assertThat(source.bitCounts).containsExactly(31, 31);
  }

  @Test
  void a_bound_that_is_not_positive_is_an_error() {
    RandomSource source = SeededSources.seeded(1L);

    assertThatThrownBy(() -> source.nextInt(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bound must be positive, got 0");
    assertThatThrownBy(() -> source.nextInt(-5)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void secure_random_source_refuses_more_than_thirty_one_bits_at_once() {
    SecureRandomSource source = SeededSources.seeded(1L);

    assertThat(source.nextBits(31)).isNotNegative();
    assertThatThrownBy(() -> source.nextBits(32))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("between 0 and 31");
  }
}
