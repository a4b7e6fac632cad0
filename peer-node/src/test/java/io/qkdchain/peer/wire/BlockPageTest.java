package io.qkdchain.peer.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdchain.peer.consensus.Block;
import io.qkdchain.peer.consensus.ChainStore;
import io.qkdchain.peer.consensus.CommitCertificate;
import io.qkdchain.peer.consensus.CommittedBlock;
import io.qkdchain.peer.consensus.PeerId;
import io.qkdchain.peer.consensus.Round;
import io.qkdchain.peer.consensus.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class BlockPageTest {

  private final List<CommittedBlock> blocks = new ArrayList<>(List.of(CommittedBlock.genesis()));
  private final PeerMessageCodec codec = new PeerMessageCodec();

  @Test
  void a_page_is_the_block_json_array_up_to_the_block_limit() {
    grow(5, 100);
    byte[] page = BlockPage.encode(chain(), 1, 3, Long.MAX_VALUE);
    assertThat(codec.decodeBlocks(page)).isEqualTo(blocks.subList(1, 4));
    assertThat(page).isEqualTo(codec.encodeBlocks(blocks.subList(1, 4)));
    assertThat(codec.decodeBlocks(BlockPage.encode(chain(), 4, 10, Long.MAX_VALUE)))
        .isEqualTo(blocks.subList(4, 6));
    assertThat(codec.decodeBlocks(BlockPage.encode(chain(), 99, 10, Long.MAX_VALUE))).isEmpty();
  }

  @Test
  void a_page_stops_before_the_byte_cap_but_always_holds_one_block() {
    grow(6, 2000);
    int one = BlockJson.encode(blocks.get(1)).length;
    byte[] page = BlockPage.encode(chain(), 1, 100, 2L * one + 10);
    assertThat(page.length).isLessThanOrEqualTo(2 * one + 10);
    assertThat(codec.decodeBlocks(page)).hasSize(2);
    assertThat(codec.decodeBlocks(BlockPage.encode(chain(), 1, 100, 10))).hasSize(1);
  }

  private void grow(int count, int textBytes) {
    for (int i = 0; i < count; i++) {
      CommittedBlock tip = blocks.get(blocks.size() - 1);
      long index = tip.index() + 1;
      Block block =
          new Block(
              index,
              tip.block().hash(),
              1_700_000_000_000L + index,
              List.of(new Transaction("tx-" + index, "x".repeat(textBytes))));
      blocks.add(
          new CommittedBlock(
              block,
              new CommitCertificate(
                  new Round(index, 0),
                  block.hash(),
                  List.of(PeerId.of("peer-1"), PeerId.of("peer-2")))));
    }
  }

  private ChainStore chain() {
    return new ChainStore() {
      @Override
      public long height() {
        return blocks.size();
      }

      @Override
      public CommittedBlock tip() {
        return blocks.get(blocks.size() - 1);
      }

      @Override
      public Optional<CommittedBlock> get(long index) {
        return index < blocks.size() ? Optional.of(blocks.get((int) index)) : Optional.empty();
      }

      @Override
      public List<CommittedBlock> range(long fromIndex, int limit) {
        throw new UnsupportedOperationException();
      }

      @Override
      public void append(CommittedBlock block) {
        throw new UnsupportedOperationException();
      }

      @Override
      public OptionalLong blockIndexOf(String transactionId) {
        return OptionalLong.empty();
      }
    };
  }
}
