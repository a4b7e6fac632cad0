package io.qkdchain.qrng;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Uniformly random permutations by Fisher-Yates, every swap drawn without bias. */
public final class Permutations {

  private Permutations() {}

  /** A uniformly random ordering of {@code 0 .. n-1}. */
  public static int[] shuffle(int n, RandomSource source) {
    if (n < 0) {
      throw new IllegalArgumentException("cannot permute a negative number of items: " + n);
    }
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = source.nextInt(i + 1);
      int swapped = order[i];
      order[i] = order[j];
      order[j] = swapped;
    }
    return order;
  }

  /** A uniformly random ordering of {@code items}, which is left unchanged. */
  public static <T> List<T> shuffle(List<T> items, RandomSource source) {
    int[] order = shuffle(items.size(), source);
    List<T> shuffled = new ArrayList<>(order.length);
    for (int index : order) {
      shuffled.add(items.get(index));
    }
    return Collections.unmodifiableList(shuffled);
  }
}
