package io.qkdchain.peer.metrics;

import java.util.List;

/**
 * Maps the engine's free-text reasons for ignoring a vote or other round message to a small fixed
 * set of metric tags: the text names peers and rounds, and a tag per distinct text would grow
 * without bound.
 */
final class IgnoredReason {

  private record Rule(String fragment, String tag) {}

  // Checked in order: the first fragment the reason contains decides.
  private static final List<Rule> RULES =
      List.of(
          new Rule("duplicate", "duplicate"),
          new Rule("not a member", "not_member"),
          new Rule("vote order", "no_vote_order"),
          new Rule("too far ahead", "too_far_ahead"),
          new Rule("too many", "buffer_full"),
          new Rule("buffer", "buffer_full"),
          new Rule("already decided", "stale_height"),
          new Rule("already committed", "stale_height"),
          new Rule("has left", "stale_view"),
          new Rule("long over", "stale_view"),
          new Rule("earlier view", "stale_view"));

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
