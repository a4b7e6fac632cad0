package io.qkdchain.peer.consensus;

import io.qkdchain.peer.consensus.Justification.LockPoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The state of one height: the chain tip below it, the current view and its round attempt, the
 * view-change reports of that view, the votes counted at this height across views, this peer's
 * lock, and the blocks seen. Everything here is dropped together when the height is decided.
 * Confined to the event loop.
 */
final class ChainPosition {

  private static final int MAX_KNOWN_BLOCKS = 64;

  private long height;
  private String tipHash;
  private long tipTimestamp;
  private long heightStartedAt;
  private RoundState round;
  private ViewReports reports;
  private Ballots ballots;
  private final Set<Integer> acceptsSent = new HashSet<>();
  private final Map<Integer, PeerMessage.Vote> ownCommits = new LinkedHashMap<>();
  private List<PeerMessage.Vote> previousCommits = List.of();
  private final Map<PeerId, Integer> viewChangesHeard = new HashMap<>();
  private Optional<VoteLock> lock = Optional.empty();
  private String lockHash;
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
    reports = null;
    ballots = new Ballots();
    acceptsSent.clear();
    previousCommits = List.copyOf(ownCommits.values());
    ownCommits.clear();
    viewChangesHeard.clear();
    knownBlocks.clear();
  }

  /** Moves past a block just appended to the chain. */
  void advance(CommittedBlock appended, long nowMillis) {
    moveTo(appended, nowMillis);
  }

  /** Starts a higher view at this height; the previous attempt's state is dropped. */
  void enterView(int view, long nowMillis) {
    if (view <= round.round().view()) {
      throw new IllegalStateException("view " + view + " is not above " + round.round());
    }
    Round next = new Round(height, view);
    round = new RoundState(next, nowMillis);
    reports = new ViewReports(next);
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

  /** The view-change reports of the current view; null in view 0. */
  ViewReports reports() {
    return reports;
  }

  Ballots ballots() {
    return ballots;
  }

  /** Records that this peer sends its accept vote for {@code view}; false if it already did. */
  boolean markAcceptSent(int view) {
    return acceptsSent.add(view);
  }

  /** Records this peer's commit vote in a view of this height; false if it cast one there. */
  boolean markCommitSent(PeerMessage.Vote commit) {
    return ownCommits.putIfAbsent(commit.round().view(), commit) == null;
  }

  /**
   * This peer's commit votes of the height below: what a member still deciding that height needs
   * from a peer that moved on.
   */
  List<PeerMessage.Vote> previousCommits() {
    return previousCommits;
  }

  /**
   * Notes the highest view a member asked for at this height and returns the highest view that at
   * least {@code learn} members asked for (so at least one honest one timed out), or -1.
   */
  int viewChangeHeard(PeerId member, int view, int learn) {
    viewChangesHeard.merge(member, view, Math::max);
    List<Integer> views = new ArrayList<>(viewChangesHeard.values());
    if (views.size() < learn) {
      return -1;
    }
    views.sort(null);
    return views.get(views.size() - learn);
  }

  /** The lock, if it is at this height (a lock from an earlier height binds nothing any more). */
  Optional<VoteLock> lockAtHeight() {
    return lock.filter(l -> l.round().height() == height);
  }

  Optional<LockPoint> lockPoint() {
    return lockAtHeight().map(l -> new LockPoint(l.round().view(), lockHash));
  }

  /** Restores the lock read from disk at start-up. */
  void restoreLock(VoteLock restored) {
    lock = Optional.of(restored);
    lockHash = restored.block().hash();
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

  /** Remembers a block of this height (bounded), so a decision or re-proposal can name it. */
  void rememberBlock(ProposedBlock block) {
    if (block.block().index() != height) {
      return;
    }
    if (knownBlocks.size() < MAX_KNOWN_BLOCKS || knownBlocks.containsKey(block.hash())) {
      knownBlocks.put(block.hash(), block.block());
    }
  }

  /** A block of this height with the given hash, from a proposal, a report or the lock, if seen. */
  Block knownBlock(String blockHash) {
    Block known = knownBlocks.get(blockHash);
    if (known == null && lockAtHeight().isPresent() && lockHash.equals(blockHash)) {
      known = lock.get().block();
    }
    return known;
  }
}
