package io.qkdchain.peer.dashboard;

import io.qkdchain.peer.consensus.PeerId;
import java.util.ArrayList;
import java.util.List;

/**
 * The cluster's shape: {@code 2^d} members in peer order, where members whose indices differ in one
 * bit are neighbours, joined by a physical QKD link. Every other pair is a logical link that the
 * KME network relays.
 */
public record Hypercube(List<PeerId> members) {

  public Hypercube {
    members = List.copyOf(members);
    if (members.size() < 2 || Integer.bitCount(members.size()) != 1) {
      throw new IllegalArgumentException(
          "a hypercube has 2^d members (d >= 1), got " + members.size());
    }
  }

  public int dimension() {
    return Integer.numberOfTrailingZeros(members.size());
  }

  public boolean neighbours(PeerId a, PeerId b) {
    return Integer.bitCount(index(a) ^ index(b)) == 1;
  }

  public int index(PeerId peer) {
    int index = members.indexOf(peer);
    if (index < 0) {
      throw new IllegalArgumentException(peer + " is not a member of the hypercube");
    }
    return index;
  }

  /** Every pair of members once, the lower index first. */
  public List<LinkId> links() {
    List<LinkId> links = new ArrayList<>();
    for (int i = 0; i < members.size(); i++) {
      for (int j = i + 1; j < members.size(); j++) {
        links.add(new LinkId(members.get(i), members.get(j)));
      }
    }
    return links;
  }

  /** A link between two members, whichever end is the master; {@code a} sorts first. */
  public record LinkId(PeerId a, PeerId b) {

    public LinkId {
      if (a.equals(b)) {
        throw new IllegalArgumentException("a link joins two different peers, got " + a + " twice");
      }
      if (a.compareTo(b) > 0) {
        PeerId first = b;
        b = a;
        a = first;
      }
    }
  }
}
