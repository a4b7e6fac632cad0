package io.qkdchain.peer.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdchain.peer.auth.NonceCache.Verdict;
import io.qkdchain.peer.consensus.PeerId;
import org.junit.jupiter.api.Test;

class NonceCacheTest {

  private static final PeerId PEER = PeerId.of("peer-2");
  private static final long WINDOW = 30_000;

  @Test
  void a_nonce_is_accepted_once_within_the_window() {
    NonceCache cache = new NonceCache(WINDOW, 100);
    assertThat(cache.use(PEER, "a", 1_000, 1_000)).isEqualTo(Verdict.FRESH);
    assertThat(cache.use(PEER, "a", 1_000, 20_000)).isEqualTo(Verdict.REPLAYED);
    assertThat(cache.use(PeerId.of("peer-3"), "a", 1_000, 20_000)).isEqualTo(Verdict.FRESH);
  }

  @Test
  void nonces_older_than_the_window_are_forgotten() {
    NonceCache cache = new NonceCache(WINDOW, 100);
    for (int i = 0; i < 50; i++) {
      cache.use(PEER, "n" + i, 1_000, 1_000);
    }
    cache.use(PEER, "late", 40_000, 40_000);
    assertThat(cache.size(PEER)).isEqualTo(1);
  }

  @Test
  void a_full_cache_stays_bounded_and_never_reopens_a_replay() {
    NonceCache cache = new NonceCache(WINDOW, 16);
    for (int i = 0; i < 1_000; i++) {
      assertThat(cache.use(PEER, "n" + i, 1_000 + i, 2_000)).isEqualTo(Verdict.FRESH);
    }
    assertThat(cache.size(PEER)).isEqualTo(16);
    // "n0" was forgotten, but its timestamp is now below the floor: still refused.
    assertThat(cache.use(PEER, "n0", 1_000, 2_000)).isEqualTo(Verdict.BELOW_FLOOR);
    assertThat(cache.use(PEER, "n999", 1_999, 2_000)).isEqualTo(Verdict.REPLAYED);
    assertThat(cache.use(PEER, "new", 2_000, 2_000)).isEqualTo(Verdict.FRESH);
  }
}
