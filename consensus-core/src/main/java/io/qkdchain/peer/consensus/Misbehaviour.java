package io.qkdchain.peer.consensus;

/**
 * What a peer can prove to itself about a member from what that member sent it directly
 * (docs/protocol.md, "Evidence"). Each is counted per member; none is proof to anyone else.
 */
public enum Misbehaviour {
  /** Two different messages of one type and round from one sender. */
  EQUIVOCATION("equivocation"),
  /** A proposal whose group-signature entry fails under this peer's own round key. */
  BAD_MAC("bad-mac"),
  /** A proposal from a member that does not lead its round. */
  NOT_PROPOSER("not-proposer"),
  /** A proposal whose block cannot extend the chain this peer holds (f + 1 members attest it). */
  INVALID_BLOCK("invalid-block"),
  /** A vote or reported lock for a block other than the one f + 1 members accepted in that view. */
  CONTRADICTION("contradiction"),
  /** Catch-up blocks that contradict what f + 1 members attest. */
  FALSE_CATCH_UP("false-catch-up");

  private final String wireName;

  Misbehaviour(String wireName) {
    this.wireName = wireName;
  }

  /** The name used in logs and as the {@code kind} tag of the metric. */
  public String wireName() {
    return wireName;
  }
}
