package io.qkdchain.peer.consensus;

import java.util.List;
import java.util.Objects;

/**
 * The cluster as this peer sees it: the members in peer order, itself, and the one place where
 * quorum arithmetic lives (docs/protocol.md, "Terms").
 */
public record Membership(List<PeerId> members, PeerId self, int voteThreshold) {

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
    int maxVotes = n * n;
    int minSafe = n * (n / 2) + 1;
    if (voteThreshold < minSafe || voteThreshold > maxVotes) {
      throw new IllegalArgumentException(
          "vote threshold must be between "
              + minSafe
              + " and "
              + maxVotes
              + " for "
              + n
              + " peers (so that any two vote quorums share a voter), got "
              + voteThreshold);
    }
  }

  /** The default threshold: three quarters of N x N, rounded up (12 of 16 for 4 peers). */
  public static int defaultThreshold(int peerCount) {
    return (3 * peerCount * peerCount + 3) / 4;
  }

  public int size() {
    return members.size();
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

  /** The fewest distinct voters that can cast {@link #voteThreshold()} votes. */
  public int voterQuorum() {
    return (voteThreshold + size() - 1) / size();
  }

  /**
   * The votes in {@code votes} that count: distinct pairs whose initiator and voter are members. A
   * non-member voter, or an initiator with no entry in the group signature (every member has one),
   * counts zero.
   */
  public int countVotes(java.util.Collection<VotePair> votes) {
    return (int)
        votes.stream()
            .filter(v -> isMember(v.initiator()) && isMember(v.voter()))
            .distinct()
            .count();
  }

  /** True when a commit certificate holds at least {@link #voteThreshold()} counting votes. */
  public boolean certifies(CommitCertificate certificate) {
    return countVotes(certificate.votes()) >= voteThreshold;
  }

  /** How many view changes a new proposer waits for; intersects every voter quorum. */
  public int viewChangeQuorum() {
    return size() - voterQuorum() + 1;
  }
}
