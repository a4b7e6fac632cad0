package io.qkdchain.peer.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qkdchain.peer.consensus.CommittedBlock;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileChainStoreTest {

  @TempDir Path dir;

  @Test
  void a_new_store_holds_only_the_genesis_block() {
    try (FileChainStore store = FileChainStore.open(dir)) {
      assertThat(store.height()).isEqualTo(1);
      assertThat(store.tip()).isEqualTo(CommittedBlock.genesis());
      assertThat(store.blockIndexOf("genesis")).hasValue(0);
    }
  }

  @Test
  void reopening_keeps_the_chain_and_its_transaction_index() {
    CommittedBlock second;
    try (FileChainStore store = FileChainStore.open(dir)) {
      CommittedBlock first = TestBlocks.next(store.tip(), "alpha", "beta");
      store.append(first);
      second = TestBlocks.next(first, "gamma");
      store.append(second);
    }
    try (FileChainStore store = FileChainStore.open(dir)) {
      assertThat(store.height()).isEqualTo(3);
      assertThat(store.tip()).isEqualTo(second);
      assertThat(store.get(1).orElseThrow().block().transactions()).hasSize(2);
      assertThat(store.range(0, 10)).hasSize(3);
      assertThat(store.range(1, 1)).extracting(CommittedBlock::index).containsExactly(1L);
      assertThat(store.blockIndexOf("tx-2-0")).hasValue(2);
      assertThat(store.blockIndexOf("nope")).isEmpty();
      assertThat(store.verify().valid()).isTrue();
    }
  }

  @Test
  void a_block_that_does_not_link_to_the_tip_is_refused() {
    try (FileChainStore store = FileChainStore.open(dir)) {
      CommittedBlock first = TestBlocks.next(store.tip(), "alpha");
      CommittedBlock skipping = TestBlocks.next(first, "beta");
      assertThatThrownBy(() -> store.append(skipping))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("index 2 where 1 was expected");
      assertThat(store.height()).isEqualTo(1);
    }
  }

  @Test
  void a_torn_last_record_is_truncated_and_the_rest_kept() throws IOException {
    Path file = fillChain(3);
    long intactSize = Files.size(file);
    byte[] partial = recordOf(TestBlocks.next(lastBlock(), "torn"));
    Files.write(
        file, java.util.Arrays.copyOf(partial, partial.length / 2), StandardOpenOption.APPEND);

    try (FileChainStore store = FileChainStore.open(dir)) {
      assertThat(store.height()).isEqualTo(4);
      assertThat(Files.size(file)).isEqualTo(intactSize);
      store.append(TestBlocks.next(store.tip(), "after the crash"));
      assertThat(store.verify().valid()).isTrue();
    }
  }

  @Test
  void a_zero_filled_tail_is_treated_as_torn() throws IOException {
    Path file = fillChain(2);
    long intactSize = Files.size(file);
    Files.write(file, new byte[4096], StandardOpenOption.APPEND);
    try (FileChainStore store = FileChainStore.open(dir)) {
      assertThat(store.height()).isEqualTo(3);
      assertThat(Files.size(file)).isEqualTo(intactSize);
    }
  }

  @Test
  void a_flipped_byte_in_the_middle_is_corruption_and_the_store_refuses_to_open()
      throws IOException {
    Path file = fillChain(4);
    long offset = flipByteOfBlock(file, 2);
    assertThatThrownBy(() -> FileChainStore.open(dir))
        .isInstanceOf(CorruptChainException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("checksum")
        .satisfies(e -> assertThat(((CorruptChainException) e).offset()).isLessThan(offset));
  }

  @Test
  void a_record_with_a_valid_checksum_but_a_broken_link_is_corruption() throws IOException {
    Path file = fillChain(1);
    CommittedBlock stranger =
        TestBlocks.next(TestBlocks.next(CommittedBlock.genesis(), "x"), "not linked");
    Files.write(file, recordOf(stranger), StandardOpenOption.APPEND);
    assertThatThrownBy(() -> FileChainStore.open(dir))
        .isInstanceOf(CorruptChainException.class)
        .hasMessageContaining("block #2");
  }

  @Test
  void verify_reports_the_first_bad_block_of_a_file_damaged_while_open() throws IOException {
    Path file = fillChain(4);
    try (FileChainStore store = FileChainStore.open(dir)) {
      flipByteOfBlock(file, 2);
      ChainVerification result = store.verify();
      assertThat(result.valid()).isFalse();
      assertThat(result.firstBadIndex()).hasValue(2);
      assertThat(result.height()).isEqualTo(2);
    }
  }

  private CommittedBlock last;

  @Test
  void a_chain_log_written_by_the_vote_chain_version_opens_with_its_voters_as_lock_voters()
      throws IOException {
    Path file = fillChain(0);
    CommittedBlock one = TestBlocks.next(CommittedBlock.genesis(), "paid before the upgrade");
    CommittedBlock two = TestBlocks.next(one, "and again");
    for (CommittedBlock block : java.util.List.of(one, two)) {
      // The commit field as the vote-chain version wrote it: [initiator, voter] pairs.
      String json =
          new String(
              io.qkdchain.peer.wire.BlockJson.encode(
                  new CommittedBlock(
                      block.block(),
                      new io.qkdchain.peer.consensus.CommitCertificate(
                          block.certificate().round(), block.block().hash(), java.util.List.of()))),
              java.nio.charset.StandardCharsets.UTF_8);
      String earlier =
          json.replace(
              "\"lockedBy\":[]",
              "\"votes\":[[\"peer-1\",\"peer-2\"],[\"peer-2\",\"peer-2\"],"
                  + "[\"peer-4\",\"peer-1\"],[\"peer-3\",\"peer-3\"]]");
      assertThat(earlier).contains("\"votes\"").doesNotContain("lockedBy");
      Files.write(
          file,
          RecordLog.frame(earlier.getBytes(java.nio.charset.StandardCharsets.UTF_8)).array(),
          StandardOpenOption.APPEND);
    }

    try (FileChainStore store = FileChainStore.open(dir)) {
      assertThat(store.height()).isEqualTo(3);
      assertThat(store.verify().valid()).isTrue();
      assertThat(store.blockIndexOf("tx-2-0")).hasValue(2);
      assertThat(store.tip().block()).isEqualTo(two.block());
      assertThat(store.tip().certificate().lockedBy())
          .extracting(io.qkdchain.peer.consensus.PeerId::value)
          .containsExactly("peer-2", "peer-1", "peer-3");
      store.append(TestBlocks.next(store.tip(), "after the upgrade"));
    }
    try (FileChainStore store = FileChainStore.open(dir)) {
      assertThat(store.height()).isEqualTo(4);
      assertThat(store.verify().valid()).isTrue();
      assertThat(store.get(1).orElseThrow().block()).isEqualTo(one.block());
    }
  }

  private Path fillChain(int blocks) {
    try (FileChainStore store = FileChainStore.open(dir)) {
      for (int i = 0; i < blocks; i++) {
        store.append(TestBlocks.next(store.tip(), "text " + i, "more " + i));
      }
      last = store.tip();
      return store.file();
    }
  }

  private CommittedBlock lastBlock() {
    return last;
  }

  private static byte[] recordOf(CommittedBlock block) {
    return RecordLog.frame(io.qkdchain.peer.wire.BlockJson.encode(block)).array();
  }

  /** Flips one payload byte of block {@code index}; returns the byte's file offset. */
  private long flipByteOfBlock(Path file, int index) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      long offset = 0;
      for (int i = 0; i < index; i++) {
        raf.seek(offset);
        offset += RecordLog.HEADER_BYTES + raf.readInt();
      }
      long target = offset + RecordLog.HEADER_BYTES + 20;
      raf.seek(target);
      int original = raf.read();
      raf.seek(target);
      raf.write(original ^ 0x01);
      return target;
    }
  }
}
