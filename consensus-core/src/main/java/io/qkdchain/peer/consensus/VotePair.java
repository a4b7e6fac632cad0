package io.qkdchain.peer.consensus;

import java.util.Objects;

/**
 * One vote of a round: {@code voter} verified, on the chain started by {@code initiator}, that the
 * initiator's hashed signature is in the group signature. The round is implied by the tally that
 * holds it.
 */
public record VotePair(PeerId initiator, PeerId voter) {

  public VotePair {
    Objects.requireNonNull(initiator, "initiator");
    Objects.requireNonNull(voter, "voter");
  }
}
