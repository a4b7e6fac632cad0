package io.qkdchain.peer.consensus;

/**
 * The identity of one consensus attempt: height (the index of the block being agreed) and view.
 * Height 0 is the genesis block, which is never voted on.
 */
public record Round(long height, int view) implements Comparable<Round> {

  public Round {
    if (height < 0) {
      throw new IllegalArgumentException("round height must be >= 0, got " + height);
    }
    if (view < 0) {
      throw new IllegalArgumentException("round view must be >= 0, got " + view);
    }
  }

  public Round nextView() {
    return new Round(height, view + 1);
  }

  @Override
  public int compareTo(Round other) {
    int byHeight = Long.compare(height, other.height);
    return byHeight != 0 ? byHeight : Integer.compare(view, other.view);
  }

  @Override
  public String toString() {
    return "(h=" + height + ", v=" + view + ")";
  }
}
