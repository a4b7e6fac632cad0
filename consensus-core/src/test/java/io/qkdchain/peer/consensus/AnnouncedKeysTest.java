package io.qkdchain.peer.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdchain.peer.consensus.KeyHandle.QkdKeyIds;
import io.qkdchain.peer.consensus.RoundKeySource.IssuedRoundKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** The slave's keys read ahead of their proposal (docs/protocol.md, "Key notices"). */
class AnnouncedKeysTest {

  private static final PeerId P1 = PeerId.of("peer-1");
  private static final PeerId P2 = PeerId.of("peer-2");
  private static final List<PeerId> PEERS = List.of(P1, P2, PeerId.of("peer-3"));
  private static final int LFSR_BITS = 3 * 256;

  /** dec_keys calls in order, and their answers: completed at once unless held back. */
  private final List<List<String>> reads = new ArrayList<>();

  private final Map<List<String>, CompletableFuture<byte[]>> heldBack = new HashMap<>();
  private final List<byte[]> delivered = new ArrayList<>();
  private final RecordingEvents events = new RecordingEvents();
  private boolean failReads;

  private final RoundKeySource kme =
      new RoundKeySource() {
        @Override
        public CompletionStage<IssuedRoundKey> issue(PeerId slave, int bits) {
          throw new IllegalStateException("a slave does not issue");
        }

        @Override
        public CompletionStage<byte[]> obtain(PeerId master, KeyHandle handle, int bits) {
          List<String> ids = ((QkdKeyIds) handle).keyIds();
          reads.add(ids);
          if (failReads) {
            return CompletableFuture.failedFuture(new IllegalStateException("KME answered 503"));
          }
          CompletableFuture<byte[]> answer = heldBack.get(ids);
          if (answer != null) {
            return answer;
          }
          byte[] key = new byte[bits / 8];
          Arrays.fill(key, (byte) 0x5a);
          delivered.add(key);
          return CompletableFuture.completedFuture(key);
        }
      };

  private final AnnouncedKeys announced = new AnnouncedKeys(context());

  @Test
  void an_announced_key_is_read_at_once_and_its_proposal_needs_no_further_kme_call() {
    announced.announced(P2, notice("k1"));
    assertThat(reads).containsExactly(List.of("k1"));

    ReadyKey key = announced.obtain(P2, ids("k1"), LFSR_BITS).join();

    assertThat(key.entry(new byte[40], P1)).isEqualTo(entryUnderTheKmesBits());
    assertThat(delivered.get(0)).as("raw bytes zeroed once ready").containsOnly((byte) 0);
    assertThat(reads).as("no second dec_keys").hasSize(1);
    assertThat(announced.held()).isZero();
    assertThat(events.keyNotices)
        .containsExactly(KeyNoticeOutcome.READ_AHEAD, KeyNoticeOutcome.USED);
  }

  @Test
  void a_proposal_naming_keys_nobody_announced_reads_them_then() {
    announced.announced(P2, notice("k1"));

    announced.obtain(P2, ids("other"), LFSR_BITS).join();

    assertThat(reads).containsExactly(List.of("k1"), List.of("other"));
    assertThat(announced.held()).as("k1 stays for the proposal that names it").isEqualTo(1);
  }

  @Test
  void a_key_announced_by_one_proposer_is_not_taken_for_another() {
    announced.announced(P2, notice("k1"));

    announced.obtain(PeerId.of("peer-3"), ids("k1"), LFSR_BITS).join();

    assertThat(reads).containsExactly(List.of("k1"), List.of("k1"));
    assertThat(announced.held()).isEqualTo(1);
  }

  @Test
  void a_failed_read_ahead_is_retried_when_the_proposal_comes() {
    failReads = true;
    announced.announced(P2, notice("k1"));
    failReads = false;

    ReadyKey key = announced.obtain(P2, ids("k1"), LFSR_BITS).join();

    assertThat(key.entry(new byte[40], P1)).isEqualTo(entryUnderTheKmesBits());
    assertThat(reads).containsExactly(List.of("k1"), List.of("k1"));
  }

  @Test
  void a_proposal_waits_for_a_read_ahead_still_in_flight_rather_than_reading_twice() {
    CompletableFuture<byte[]> slow = new CompletableFuture<>();
    heldBack.put(List.of("k1"), slow);
    announced.announced(P2, notice("k1"));

    CompletableFuture<ReadyKey> key = announced.obtain(P2, ids("k1"), LFSR_BITS);
    assertThat(key).isNotDone();
    byte[] bits = new byte[LFSR_BITS / 8];
    Arrays.fill(bits, (byte) 0x5a);
    slow.complete(bits);

    assertThat(key.join().entry(new byte[40], P1)).isEqualTo(entryUnderTheKmesBits());
    assertThat(reads).hasSize(1);
  }

  @Test
  void at_most_two_keys_per_proposer_are_held_and_the_oldest_is_dropped_for_a_third() {
    announced.announced(P2, notice("k1"));
    announced.announced(P2, notice("k2"));
    announced.announced(P2, notice("k3"));

    assertThat(announced.held()).isEqualTo(2);
    assertThat(events.keyNotices(KeyNoticeOutcome.EVICTED)).isEqualTo(1);
    announced.obtain(P2, ids("k2"), LFSR_BITS).join();
    announced.obtain(P2, ids("k3"), LFSR_BITS).join();
    assertThat(reads).as("k2 and k3 were read ahead").hasSize(3);
    announced.obtain(P2, ids("k1"), LFSR_BITS).join();
    assertThat(reads).as("k1 was dropped: a proposal naming it reads again").hasSize(4);
  }

  @Test
  void a_flood_of_notices_costs_at_most_two_kme_calls_in_flight() {
    for (int i = 0; i < 100; i++) {
      heldBack.put(List.of("k" + i), new CompletableFuture<>());
    }
    for (int i = 0; i < 100; i++) {
      announced.announced(P2, notice("k" + i));
    }

    assertThat(reads).containsExactly(List.of("k0"), List.of("k1"));
    assertThat(events.keyNotices(KeyNoticeOutcome.IGNORED)).isEqualTo(98);
  }

  @Test
  void duplicates_notices_from_itself_and_other_key_lengths_are_ignored_without_a_read() {
    announced.announced(P2, notice("k1"));
    announced.announced(P2, notice("k1"));
    announced.announced(P1, notice("mine"));
    announced.announced(P2, new PeerMessage.KeyNotice(ids("long"), 2 * LFSR_BITS));

    assertThat(reads).containsExactly(List.of("k1"));
    assertThat(events.keyNotices(KeyNoticeOutcome.IGNORED)).isEqualTo(3);
  }

  @Test
  void discarding_drops_every_key_read_ahead() {
    announced.announced(P2, notice("k1"));
    announced.announced(PeerId.of("peer-3"), notice("k2"));

    announced.discard();

    assertThat(announced.held()).isZero();
    assertThat(delivered).allSatisfy(key -> assertThat(key).containsOnly((byte) 0));
    announced.obtain(P2, ids("k1"), LFSR_BITS).join();
    assertThat(reads).hasSize(3);
  }

  /** peer-1's entry for 40 zero bytes under the 0x5a bytes this fake KME hands out. */
  private static String entryUnderTheKmesBits() {
    byte[] bits = new byte[LFSR_BITS / 8];
    Arrays.fill(bits, (byte) 0x5a);
    return ReadyKey.of(ConsensusSettings.defaults(), bits).entry(new byte[40], P1);
  }

  private static PeerMessage.KeyNotice notice(String id) {
    return new PeerMessage.KeyNotice(ids(id), LFSR_BITS);
  }

  private static QkdKeyIds ids(String id) {
    return new QkdKeyIds(List.of(id));
  }

  private PeerContext context() {
    return new PeerContext(
        ConsensusSettings.defaults().withKeyPrefetch(true),
        new Membership(PEERS, P1, Membership.defaultQuorum(PEERS.size())),
        null,
        null,
        null,
        kme,
        null,
        new SimulatedLoop(new VirtualTime()),
        events,
        new Random(1),
        (from, message) -> {},
        Runnable::run);
  }
}
