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
  private CompletableFuture<IssuedRoundKey> pending;
  private final RoundKeySource keys =
      new RoundKeySource() {
        @Override
        public CompletionStage<IssuedRoundKey> issue(PeerId slave, int bits) {
          if (pending != null) {
            return pending;
          }
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

  private final RecordingEvents events = new RecordingEvents();
  private final List<PeerMessage> sent = new ArrayList<>();
  private final List<PeerId> sentTo = new ArrayList<>();
  private final Transport outbox =
      new Transport() {
        @Override
        public CompletionStage<Void> send(PeerId to, PeerMessage message) {
          sentTo.add(to);
          sent.add(message);
          return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<List<CommittedBlock>> fetchBlocks(
            PeerId from, long fromIndex, int limit) {
          return CompletableFuture.failedFuture(new IllegalStateException("not used here"));
        }
      };

  @Test
  void each_prefetched_key_is_announced_to_its_slave_with_its_ids_once_issued() {
    KeyPrefetch prefetch = new KeyPrefetch(context(ConsensusSettings.defaults(), true));
    prefetch.refill();
    time.runFor(1);

    assertThat(sentTo).containsExactlyElementsOf(PEERS.subList(1, 4));
    for (int i = 0; i < 3; i++) {
      assertThat(sent.get(i))
          .isEqualTo(
              new PeerMessage.KeyNotice((KeyHandle.QkdKeyIds) issued.get(i).handle(), LFSR_BITS));
    }
    assertThat(events.keysAnnounced).hasSize(3);
  }

  @Test
  void a_key_taken_or_discarded_before_it_is_issued_is_not_announced() {
    CompletableFuture<IssuedRoundKey> slow = new CompletableFuture<>();
    pending = slow;
    KeyPrefetch prefetch = new KeyPrefetch(context(ConsensusSettings.defaults(), true));
    prefetch.refill();
    prefetch.discard();
    slow.complete(new IssuedRoundKey(new KeyHandle.QkdKeyIds(List.of("late")), new byte[96]));
    time.runFor(1);

    assertThat(sent).isEmpty();
  }

  @Test
  void the_next_proposal_takes_the_keys_requested_after_the_last_one() {
    KeyPrefetch prefetch = new KeyPrefetch(context(ConsensusSettings.defaults(), true));
    prefetch.refill();
    assertThat(issued).hasSize(3);
    assertThat(prefetch.held()).isEqualTo(3);

    KeyPrefetch.Prepared taken = prefetch.take(PEERS.get(1), LFSR_BITS).join();

    assertThat(taken.handle()).isEqualTo(issued.get(0).handle());
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
  void a_key_held_longer_than_the_maximum_age_is_replaced() {
    KeyPrefetch prefetch = new KeyPrefetch(context(ConsensusSettings.defaults(), true));
    prefetch.refill();
    time.runFor(KeyPrefetch.MAX_AGE_MILLIS + 1);

    KeyPrefetch.Prepared taken = prefetch.take(PEERS.get(1), LFSR_BITS).join();

    assertThat(taken.handle()).isEqualTo(issued.get(3).handle());
    assertThat(issued).hasSize(4);
  }

  @Test
  void nothing_is_prefetched_when_the_key_length_depends_on_the_block_or_prefetch_is_off() {
    ConsensusSettings full = ConsensusSettings.defaults().withMac(ToeplitzFamily.FULL, 256);
    new KeyPrefetch(context(full, true)).refill();
    new KeyPrefetch(context(ConsensusSettings.defaults(), false)).refill();

    assertThat(issued).isEmpty();
  }

  @Test
  void held_keys_are_made_ready_at_once_and_their_raw_bytes_zeroed() {
    KeyPrefetch prefetch = new KeyPrefetch(context(ConsensusSettings.defaults(), true));
    prefetch.refill();

    assertThat(issued).allSatisfy(key -> assertThat(key.keyBytes()).containsOnly((byte) 0));
    assertThat(prefetch.take(PEERS.get(1), LFSR_BITS).join().key().entry(new byte[40], P1))
        .hasSize(64);
  }

  @Test
  void discarding_drops_every_held_key_and_the_next_proposal_asks_afresh() {
    KeyPrefetch prefetch = new KeyPrefetch(context(ConsensusSettings.defaults(), true));
    prefetch.refill();

    prefetch.discard();

    assertThat(prefetch.held()).isZero();
    prefetch.take(PEERS.get(1), LFSR_BITS).join();
    assertThat(issued).hasSize(4);
  }

  private PeerContext context(ConsensusSettings settings, boolean prefetch) {
    return new PeerContext(
        settings.withKeyPrefetch(prefetch),
        new Membership(PEERS, P1, 3),
        null,
        null,
        outbox,
        keys,
        null,
        new SimulatedLoop(time),
        events,
        new Random(1),
        (from, message) -> {},
        Runnable::run);
  }
}
