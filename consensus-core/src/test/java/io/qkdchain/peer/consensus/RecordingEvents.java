package io.qkdchain.peer.consensus;

import java.util.ArrayList;
import java.util.List;

/** Keeps what a peer's consensus reported, for assertions. */
final class RecordingEvents implements ConsensusEvents {

  record CastVote(Round round, PeerMessage.Phase phase, String blockHash) {}

  record Evidence(PeerId member, Misbehaviour kind, String detail) {}

  final List<String> rejections = new ArrayList<>();
  final List<String> ignored = new ArrayList<>();
  final List<String> conflicts = new ArrayList<>();
  final List<Round> viewChanges = new ArrayList<>();
  final List<CastVote> votesCast = new ArrayList<>();
  final List<Evidence> misbehaviour = new ArrayList<>();
  final List<CommittedBlock> committed = new ArrayList<>();
  final List<KeyNoticeOutcome> keyNotices = new ArrayList<>();
  final List<PeerId> keysAnnounced = new ArrayList<>();
  int keyFailures;
  int proposalsSent;
  int proposalsAccepted;
  int catchUpBlocks;

  @Override
  public void proposalSent(Round round, String blockHash, PeerId to, int transactions) {
    proposalsSent++;
  }

  @Override
  public void keyFailed(Round round, PeerId peer, String reason) {
    keyFailures++;
  }

  @Override
  public void keyAnnounced(PeerId slave, List<String> keyIds) {
    remember(keysAnnounced, slave);
  }

  @Override
  public void keyNotice(PeerId master, List<String> keyIds, KeyNoticeOutcome outcome) {
    remember(keyNotices, outcome);
  }

  long keyNotices(KeyNoticeOutcome outcome) {
    return keyNotices.stream().filter(outcome::equals).count();
  }

  @Override
  public void proposalAccepted(Round round, String blockHash, PeerId proposer) {
    proposalsAccepted++;
  }

  @Override
  public void proposalRejected(Round round, PeerId proposer, String reason) {
    remember(rejections, round + " from " + proposer + ": " + reason);
  }

  @Override
  public void voteCast(Round round, PeerMessage.Phase phase, String blockHash) {
    remember(votesCast, new CastVote(round, phase, blockHash));
  }

  @Override
  public void misbehaviour(PeerId member, Misbehaviour kind, String detail) {
    remember(misbehaviour, new Evidence(member, kind, detail));
  }

  @Override
  public void voteIgnored(Round round, String reason) {
    remember(ignored, round + ": " + reason);
  }

  @Override
  public void viewChanged(Round from, Round to) {
    remember(viewChanges, to);
  }

  @Override
  public void committed(CommittedBlock block, long roundMillis) {
    remember(committed, block);
  }

  @Override
  public void catchUp(PeerId from, long fromIndex, int blocks) {
    catchUpBlocks += blocks;
  }

  @Override
  public void chainConflict(PeerId from, long index, String reason) {
    remember(conflicts, from + " block " + index + ": " + reason);
  }

  /** Long chaos runs would otherwise keep every event; the first thousands are what tests read. */
  private static <T> void remember(List<T> list, T item) {
    if (list.size() < 20_000) {
      list.add(item);
    }
  }
}
