package io.qkdchain.qrng;

import java.util.ArrayList;
import java.util.List;

/** Hands out chosen values and remembers how many bits each draw asked for. */
final class ScriptedSource implements RandomSource {

  private final int[] values;
  private int next;
  final List<Integer> bitCounts = new ArrayList<>();

  ScriptedSource(int... values) {
    this.values = values;
  }

  @Override
  public int nextBits(int count) {
    bitCounts.add(count);
    if (next == values.length) {
      throw new AssertionError("the script ran out after " + values.length + " draws");
    }
    return values[next++];
  }
}
