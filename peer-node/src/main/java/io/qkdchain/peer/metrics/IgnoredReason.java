package io.qkdchain.peer.metrics;

import java.util.List;

/**
 * Maps the engine's free-text reasons for ignoring a vote or request to a small fixed set of metric
 * tags: the text names peers and rounds, and a tag per distinct text would grow without bound.
 */
final class IgnoredReason {

  private record Rule(String fragment, String tag) {}

  // Checked in order: the first fragment the reason contains decides.
  private static final List<Rule> RULES =
      List.of(
          new Rule("duplicate", "duplicate"),
          new Rule("not a member", "not_member"),
          new Rule("group signature", "bad_signature"),
          new Rule("relayed", "relayed"),
          new Rule("vote order", "no_vote_order"),
          new Rule("another block", "wrong_block"),
          new Rule("position in the chain", "wrong_position"),
          new Rule("too many", "buffer_full"),
          new Rule("buffer", "buffer_full"),
          new Rule("already committed", "stale_height"),
          new Rule("earlier view", "stale_view"),
          new Rule("does not lead", "misdirected_view_change"),
          new Rule("too few member votes", "weak_commit"));

  private IgnoredReason() {}

  static String tagOf(String reason) {
    if (reason == null) {
      return "other";
    }
    for (Rule rule : RULES) {
      if (reason.contains(rule.fragment())) {
        return rule.tag();
      }
    }
    return "other";
  }
}
