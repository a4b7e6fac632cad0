package io.qkdchain.peer.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdchain.peer.consensus.RoundKeySource.IssuedRoundKey;
import io.qkdchain.toeplitz.ToeplitzFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class KeyPrefetchTest {

  private static final PeerId P1 = PeerId.of("peer-1");
  private static final List<PeerId> PEERS =
      List.of(P1, PeerId.of("peer-2"), PeerId.of("peer-3"), PeerId.of("peer-4"));
  private static final int LFSR_BITS = 3 * 256;

  private final VirtualTime time = new VirtualTime();
  private final List<IssuedRoundKey> issued = new ArrayList<>();
  private final RoundKeySource keys =
      new RoundKeySource() {
        @Override
        public CompletionStage<IssuedRoundKey> issue(PeerId slave, int bits) {
          byte[] bytes = new byte[bits / 8];
          java.util.Arrays.fill(bytes, (byte) 0x5a);
          IssuedRoundKey key =
              new IssuedRoundKey(
                  new KeyHandle.QkdKeyIds(List.of(slave + "-key-" + issued.size())), bytes);
          issued.add(key);
          return CompletableFuture.completedFuture(key);
        }

        @Override
        public CompletionStage<byte[]> obtain(PeerId master, KeyHandle handle, int bits) {
          return CompletableFuture.failedFuture(new IllegalStateException("not used here"));
        }
      };

  @Test
  void the_next_proposal_takes_the_keys_requested_after_the_last_one() {
    KeyPrefetch prefetch = new KeyPrefetch(context(ConsensusSettings.defaults(), true));
    prefetch.refill();
    assertThat(issued).hasSize(3);
    assertThat(prefetch.held()).isEqualTo(3);

    IssuedRoundKey taken = prefetch.take(PEERS.get(1), LFSR_BITS).join();

    assertThat(taken).isSameAs(issued.get(0));
    assertThat(issued).as("no new enc_keys for a held key").hasSize(3);
    assertThat(prefetch.held()).isEqualTo(2);
  }

  @Test
  void a_link_without_a_held_key_asks_the_kme_at_once() {
    KeyPrefetch prefetch = new KeyPrefetch(context(ConsensusSettings.defaults(), true));

    prefetch.take(PEERS.get(2), LFSR_BITS).join();

    assertThat(issued).hasSize(1);
    assertThat(prefetch.held()).isZero();
  }

  @Test
  void a_key_held_longer_than_the_maximum_age_is_zeroed_and_replaced() {
    KeyPrefetch prefetch = new KeyPrefetch(context(ConsensusSettings.defaults(), true));
    prefetch.refill();
    time.runFor(KeyPrefetch.MAX_AGE_MILLIS + 1);

    IssuedRoundKey taken = prefetch.take(PEERS.get(1), LFSR_BITS).join();

    assertThat(taken).isNotSameAs(issued.get(0));
    assertThat(issued.get(0).keyBytes()).containsOnly((byte) 0);
  }

  @Test
  void nothing_is_prefetched_when_the_key_length_depends_on_the_block_or_prefetch_is_off() {
    ConsensusSettings full = ConsensusSettings.defaults().withMac(ToeplitzFamily.FULL, 256);
    new KeyPrefetch(context(full, true)).refill();
    new KeyPrefetch(context(ConsensusSettings.defaults(), false)).refill();

    assertThat(issued).isEmpty();
  }

  @Test
  void discarding_zeroes_every_held_key() {
    KeyPrefetch prefetch = new KeyPrefetch(context(ConsensusSettings.defaults(), true));
    prefetch.refill();

    prefetch.discard();

    assertThat(prefetch.held()).isZero();
    assertThat(issued).allSatisfy(key -> assertThat(key.keyBytes()).containsOnly((byte) 0));
  }

  private PeerContext context(ConsensusSettings settings, boolean prefetch) {
    return new PeerContext(
        settings.withKeyPrefetch(prefetch),
        new Membership(PEERS, P1, 12),
        null,
        null,
        null,
        keys,
        null,
        new SimulatedLoop(time),
        null,
        new Random(1),
        (from, message) -> {},
        Runnable::run);
  }
}
