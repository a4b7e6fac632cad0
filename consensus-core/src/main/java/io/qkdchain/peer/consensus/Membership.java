package io.qkdchain.peer.consensus;

import java.util.List;
import java.util.Objects;

/**
 * The cluster as this peer sees it: the members in peer order, itself, and the one place where
 * quorum arithmetic lives (docs/protocol.md, "Terms"). {@code f = floor((N - 1) / 3)} members may
 * lie; a peer acts on a quorum of {@code Q} distinct members heard directly, and learns a fact from
 * {@code f + 1} of them.
 */
public record Membership(List<PeerId> members, PeerId self, int quorum) {

  public Membership {
    Objects.requireNonNull(self, "self");
    members = members.stream().sorted().distinct().toList();
    int n = members.size();
    if (n < 2) {
      throw new IllegalArgumentException("a cluster needs at least 2 peers, got " + n);
    }
    if (!members.contains(self)) {
      throw new IllegalArgumentException("this peer (" + self + ") is not among the members");
    }
    String problem = quorumProblem(n, quorum);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  /** The members that may lie while safety and liveness hold: {@code floor((N - 1) / 3)}. */
  public static int faultsTolerated(int peerCount) {
    return (peerCount - 1) / 3;
  }

  /** The default quorum {@code N - f}: 3 of 4, 6 of 8, 11 of 16. */
  public static int defaultQuorum(int peerCount) {
    return peerCount - faultsTolerated(peerCount);
  }

  /**
   * The smallest safe quorum: any two quorums share at least {@code f + 1} members, so at least one
   * honest one ({@code 2Q - N >= f + 1}).
   */
  public static int smallestSafeQuorum(int peerCount) {
    int f = faultsTolerated(peerCount);
    return (peerCount + f + 2) / 2;
  }

  /**
   * Why {@code quorum} is unsafe with {@code f} liars or unlive with {@code f} silent members, or
   * null when it is neither.
   */
  public static String quorumProblem(int peerCount, int quorum) {
    int f = faultsTolerated(peerCount);
    int low = smallestSafeQuorum(peerCount);
    int high = peerCount - f;
    if (quorum < low) {
      return "quorum "
          + quorum
          + " of "
          + peerCount
          + " is unsafe: two quorums must share at least f + 1 = "
          + (f + 1)
          + " members with f = "
          + f
          + " liars, so it must be at least "
          + low;
    }
    if (quorum > high) {
      return "quorum "
          + quorum
          + " of "
          + peerCount
          + " cannot be reached with f = "
          + f
          + " members silent, so it must be at most "
          + high;
    }
    return null;
  }

  public int size() {
    return members.size();
  }

  /** {@code f}: the members that may lie. */
  public int faults() {
    return faultsTolerated(size());
  }

  /** {@code f + 1}: enough distinct members for at least one honest one. */
  public int learnThreshold() {
    return faults() + 1;
  }

  public boolean isMember(PeerId peer) {
    return members.contains(peer);
  }

  public int indexOf(PeerId peer) {
    int index = members.indexOf(peer);
    if (index < 0) {
      throw new IllegalArgumentException(peer + " is not a member");
    }
    return index;
  }

  public List<PeerId> others() {
    return members.stream().filter(p -> !p.equals(self)).toList();
  }

  public PeerId proposer(Round round) {
    return members.get((int) Math.floorMod(round.height() + round.view(), (long) size()));
  }
}
