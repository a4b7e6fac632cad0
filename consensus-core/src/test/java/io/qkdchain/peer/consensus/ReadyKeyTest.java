package io.qkdchain.peer.consensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qkdchain.toeplitz.BitString;
import io.qkdchain.toeplitz.HashedSignature;
import io.qkdchain.toeplitz.LfsrKey;
import io.qkdchain.toeplitz.LfsrToeplitzHash;
import io.qkdchain.toeplitz.PadReuseException;
import io.qkdchain.toeplitz.RoundKey;
import io.qkdchain.toeplitz.ToeplitzFamily;
import io.qkdchain.toeplitz.ToeplitzMac;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReadyKeyTest {

  private static final PeerId P1 = PeerId.of("peer-1");
  private static final byte[] PROPOSAL = "proposal bytes".getBytes();

  /**
   * A key made ready ahead (its LFSR derived before the proposal is known) gives the entry a key
   * used at the proposal gives: the round key laid out for this message length by toeplitz-core
   * ({@link RoundKey#of}), and, independently of both, the tag computed from its parts (the LFSR
   * hash of bits {@code [0, 2t)}, masked by the pad {@code [2t, 3t)}).
   */
  @Test
  void an_lfsr_key_made_ready_ahead_gives_the_entry_of_one_made_at_the_proposal() {
    ConsensusSettings lfsr = ConsensusSettings.defaults();
    int t = lfsr.tagBits();
    Random random = new Random(3);
    for (int length : new int[] {1, 14, 200, 4096}) {
      byte[] proposal = new byte[length];
      random.nextBytes(proposal);
      byte[] key = new byte[768 / 8];
      random.nextBytes(key);
      BitString keyBits = BitString.fromBytes(key);
      long messageBits = 8L * proposal.length;

      String ahead = ReadyKey.of(lfsr, key.clone()).entry(proposal, P1);

      ToeplitzMac atProposal = RoundKey.of(ToeplitzFamily.LFSR, t, messageBits, key.clone());
      assertThat(ahead)
          .as("%d bytes: the round key laid out at the proposal", length)
          .isEqualTo(HashedSignature.of(atProposal.tag(proposal), "peer-1").hex());
      BitString tag =
          new LfsrToeplitzHash(LfsrKey.derive(t, keyBits.slice(0, 2 * t)))
              .hash(proposal)
              .xor(keyBits.slice(2 * t, 3 * t));
      assertThat(ahead)
          .as("%d bytes: from the key's parts", length)
          .isEqualTo(HashedSignature.of(tag, "peer-1").hex())
          .hasSize(64);
    }
  }

  @Test
  void a_key_signs_one_proposal_only() {
    ReadyKey key = ReadyKey.of(ConsensusSettings.defaults(), bytes(96));
    key.entry(PROPOSAL, P1);

    assertThatThrownBy(() -> key.entry(PROPOSAL, P1)).isInstanceOf(PadReuseException.class);
  }

  @Test
  void lfsr_bytes_are_zeroed_once_ready_and_full_bytes_once_used_or_destroyed() {
    byte[] lfsrBytes = bytes(96);
    ReadyKey.of(ConsensusSettings.defaults(), lfsrBytes);
    assertThat(lfsrBytes).containsOnly((byte) 0);

    ConsensusSettings full = ConsensusSettings.defaults().withMac(ToeplitzFamily.FULL, 64);
    int bits = ToeplitzFamily.FULL.roundKeyBits(64, 8L * PROPOSAL.length);
    byte[] used = bytes((bits + 7) / 8);
    ReadyKey.of(full, used).entry(PROPOSAL, P1);
    assertThat(used).containsOnly((byte) 0);
    byte[] dropped = bytes((bits + 7) / 8);
    ReadyKey.of(full, dropped).destroy();
    assertThat(dropped).containsOnly((byte) 0);
  }

  @Test
  void a_key_too_short_is_reported_when_used_not_when_made_ready() {
    ReadyKey shortKey = ReadyKey.of(ConsensusSettings.defaults(), bytes(10));

    assertThatThrownBy(() -> shortKey.entry(PROPOSAL, P1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("too short");
  }

  private static byte[] bytes(int length) {
    byte[] bytes = new byte[length];
    Arrays.fill(bytes, (byte) 0x3c);
    return bytes;
  }
}
