package io.qkdchain.peer.consensus;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where this peer stands: its chain tip, its view at the next height, the round in progress, its
 * vote lock, and the blocks seen at this height. Confined to the event loop.
 */
final class ChainPosition {

  private static final int MAX_KNOWN_BLOCKS = 64;

  private long height;
  private String tipHash;
  private long tipTimestamp;
  private long heightStartedAt;
  private RoundState round;
  private Optional<VoteLock> lock = Optional.empty();
  private String lockHash;
  private ViewChangeQuorum viewChanges;
  private final Map<String, Block> knownBlocks = new LinkedHashMap<>();

  ChainPosition(CommittedBlock tip, long nowMillis) {
    moveTo(tip, nowMillis);
  }

  private void moveTo(CommittedBlock tip, long nowMillis) {
    height = tip.index() + 1;
    tipHash = tip.certificate().blockHash();
    tipTimestamp = tip.block().timestamp();
    heightStartedAt = -1;
    round = new RoundState(new Round(height, 0), nowMillis);
    viewChanges = null;
    knownBlocks.clear();
  }

  /** Moves past a block just appended to the chain (its certificate hash was checked). */
  void advance(CommittedBlock appended, long nowMillis) {
    moveTo(appended, nowMillis);
  }

  /** Starts a new view at this height; the previous round's state is dropped. */
  void enterView(int view, long nowMillis) {
    round = new RoundState(new Round(height, view), nowMillis);
    viewChanges = null;
  }

  long height() {
    return height;
  }

  String tipHash() {
    return tipHash;
  }

  long tipTimestamp() {
    return tipTimestamp;
  }

  /** Notes when work on this height began (a timer armed or a proposal made), once. */
  void markActive(long nowMillis) {
    if (heightStartedAt < 0) {
      heightStartedAt = nowMillis;
    }
  }

  /** How long this height took so far, from its first activity. */
  long millisSinceActive(long nowMillis) {
    return heightStartedAt < 0 ? 0 : nowMillis - heightStartedAt;
  }

  Round current() {
    return round.round();
  }

  RoundState round() {
    return round;
  }

  ViewChangeQuorum viewChanges() {
    return viewChanges;
  }

  void collectViewChanges(ViewChangeQuorum quorum) {
    viewChanges = quorum;
  }

  /** The lock, if it is at this height (a lock from an earlier height binds nothing any more). */
  Optional<VoteLock> lockAtHeight() {
    return lock.filter(l -> l.round().height() == height);
  }

  /** Restores the lock read from disk at start-up. */
  void restoreLock(VoteLock restored) {
    lock = Optional.of(restored);
    lockHash = restored.block().hash();
  }

  /** True when the lock forbids voting for {@code blockHash} in {@code round}. */
  boolean lockedOnAnother(Round round, String blockHash) {
    return lockAtHeight()
        .filter(l -> l.round().view() >= round.view() && !lockHash.equals(blockHash))
        .isPresent();
  }

  /** Locks on a block for a round, persisting first (fsync) unless the lock is already that. */
  void lockOn(Round round, ProposedBlock block, ConsensusStateStore store) {
    if (lock.isPresent() && lock.get().round().equals(round) && lockHash.equals(block.hash())) {
      return;
    }
    VoteLock next = new VoteLock(round, block.block());
    store.saveLock(next);
    lock = Optional.of(next);
    lockHash = block.hash();
  }

  void rememberBlock(ProposedBlock block) {
    if (knownBlocks.size() < MAX_KNOWN_BLOCKS || knownBlocks.containsKey(block.hash())) {
      knownBlocks.put(block.hash(), block.block());
    }
  }

  /** A block of this height with the given hash, from a proposal or a lock, if seen. */
  Block knownBlock(String blockHash) {
    Block known = knownBlocks.get(blockHash);
    if (known == null && lockAtHeight().isPresent() && lockHash.equals(blockHash)) {
      known = lock.get().block();
    }
    return known;
  }
}
