package io.qkdchain.peer.consensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qkdchain.toeplitz.PadReuseException;
import io.qkdchain.toeplitz.ToeplitzFamily;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ReadyKeyTest {

  private static final PeerId P1 = PeerId.of("peer-1");
  private static final byte[] PROPOSAL = "proposal bytes".getBytes();

  @Test
  void an_lfsr_key_made_ready_ahead_gives_the_entry_of_one_made_at_the_proposal() {
    ConsensusSettings lfsr = ConsensusSettings.defaults();
    ReadyKey ahead = ReadyKey.of(lfsr, bytes(768 / 8));

    assertThat(ahead.entry(PROPOSAL, P1))
        .isEqualTo(ReadyKey.of(lfsr, bytes(768 / 8)).entry(PROPOSAL, P1))
        .hasSize(64);
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
