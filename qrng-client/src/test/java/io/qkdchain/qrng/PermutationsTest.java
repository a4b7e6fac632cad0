package io.qkdchain.qrng;

import static io.qkdchain.qrng.SeededSources.chiSquare;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class PermutationsTest {

  // Chi-square critical value for 23 degrees of freedom (24 orderings) at p = 0.001.
  private static final double CRITICAL_23_DOF = 49.73;
  private static final int DRAWS = 24_000;

  @Test
  void all_twenty_four_orderings_of_four_items_are_equally_likely() {
    RandomSource source = SeededSources.seeded(20_240_607L);

    Map<String, Integer> counts = tally(() -> Permutations.shuffle(4, source));

    assertThat(counts).hasSize(24);
    assertThat(chiSquare(counts.values(), DRAWS / 24.0)).isLessThan(CRITICAL_23_DOF);
  }

  @Test
  void the_uniformity_check_catches_the_classic_biased_shuffle() {
    RandomSource source = SeededSources.seeded(20_240_607L);

    // Swapping with any position, not only the unshuffled ones, makes 4^4 equally likely paths
    // onto 24 orderings, which cannot be even.
    Map<String, Integer> counts = tally(() -> naiveShuffle(4, source));

    assertThat(chiSquare(counts.values(), DRAWS / 24.0)).isGreaterThan(CRITICAL_23_DOF);
  }

  @Test
  void a_shuffle_of_four_spends_few_bits() {
    ScriptedSource source = new ScriptedSource(0, 0, 0);

    assertThat(Permutations.shuffle(4, source)).containsExactly(1, 2, 3, 0);
    assertThat(source.bitCounts).containsExactly(2, 2, 1);
  }

  @Test
  void every_result_is_a_permutation() {
    RandomSource source = SeededSources.seeded(7L);
    for (int n = 0; n <= 40; n++) {
      int[] order = Permutations.shuffle(n, source);
      int[] sorted = order.clone();
      Arrays.sort(sorted);
      for (int i = 0; i < n; i++) {
        assertThat(sorted[i]).isEqualTo(i);
      }
    }
  }

  @Test
  void shuffling_a_list_leaves_it_unchanged_and_keeps_every_item() {
    List<String> peers = List.of("peer-a", "peer-b", "peer-c", "peer-d", "peer-e");

    List<String> order = Permutations.shuffle(peers, SeededSources.seeded(11L));

    assertThat(order).containsExactlyInAnyOrderElementsOf(peers);
    assertThat(peers).containsExactly("peer-a", "peer-b", "peer-c", "peer-d", "peer-e");
  }

  @Test
  void a_negative_item_count_is_an_error() {
    assertThatThrownBy(() -> Permutations.shuffle(-1, SeededSources.seeded(1L)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("negative number of items: -1");
  }

  private static Map<String, Integer> tally(Supplier<int[]> shuffle) {
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < DRAWS; i++) {
      counts.merge(Arrays.toString(shuffle.get()), 1, Integer::sum);
    }
    return counts;
  }

  private static int[] naiveShuffle(int n, RandomSource source) {
    int[] order = {0, 1, 2, 3};
    for (int i = 0; i < n; i++) {
      int j = source.nextInt(n);
      int swapped = order[i];
      order[i] = order[j];
      order[j] = swapped;
    }
    return order;
  }
}
