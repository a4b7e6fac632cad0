package io.qkdchain.peer.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qkdchain.peer.consensus.CommittedBlock;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
      assertThat(fullScan(store).valid()).isTrue();
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
      assertThat(fullScan(store).valid()).isTrue();
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
  void
      without_a_checkpoint_a_flipped_byte_in_the_middle_is_corruption_and_the_store_refuses_to_open()
          throws IOException {
    Path file = fillChain(4);
    long offset = flipByteOfBlock(file, 2);
    deleteTree(ChainIndexes.dirOf(dir));
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
      ChainVerification result = fullScan(store);
      assertThat(result.valid()).isFalse();
      assertThat(result.firstBadIndex()).hasValue(2);
      assertThat(result.height()).isEqualTo(2);
    }
  }

  @Test
  void an_append_completes_while_a_full_scan_is_held_paused_mid_file() throws Exception {
    fillChain(6);
    CountDownLatch paused = new CountDownLatch(1);
    CountDownLatch resume = new CountDownLatch(1);
    ChainAudit.Probe holdAtBlock3 =
        blockIndex -> {
          if (blockIndex == 3) {
            paused.countDown();
            await(resume);
          }
        };
    try (FileChainStore store = FileChainStore.open(dir, QUIET, holdAtBlock3)) {
      CompletableFuture<ChainVerification> scan = store.requestScan().orElseThrow();
      assertThat(paused.await(30, TimeUnit.SECONDS)).isTrue();

      // The scan holds its thread mid-file: appends, reads and look-ups go on regardless.
      CommittedBlock next = TestBlocks.next(store.tip(), "while scanning");
      CompletableFuture<Void> append = CompletableFuture.runAsync(() -> store.append(next));
      append.get(30, TimeUnit.SECONDS);
      assertThat(store.height()).isEqualTo(8);
      assertThat(store.get(7)).hasValue(next);
      assertThat(store.range(2, 3)).hasSize(3);
      assertThat(store.blockIndexOf("tx-7-0")).hasValue(7);
      assertThat(store.requestScan()).as("one scan at a time").containsSame(scan);
      assertThat(scan).isNotDone();

      resume.countDown();
      ChainVerification result = scan.get(30, TimeUnit.SECONDS);
      assertThat(result.valid()).isTrue();
      assertThat(result.height()).as("the prefix published when it started").isEqualTo(7);
      assertThat(result.scope()).isEqualTo(ChainVerification.Scope.FULL);
      assertThat(store.latest()).isEqualTo(result);
      assertThat(store.requestScan()).as("not again within the minimum interval").isEmpty();
    }
  }

  @Test
  void start_up_verifies_only_what_follows_the_checkpoint() throws IOException {
    Path file = fillChain(4);
    try (FileChainStore store = FileChainStore.open(dir, QUIET)) {
      assertThat(store.latest().scope()).isEqualTo(ChainVerification.Scope.SINCE_CHECKPOINT);
      assertThat(store.latest().valid()).isTrue();
    }
    // Damage inside the checkpointed prefix is not read at start-up, only by the full re-scan.
    flipByteOfBlock(file, 2);
    try (FileChainStore store = FileChainStore.open(dir, QUIET)) {
      assertThat(store.height()).isEqualTo(5);
      ChainVerification result = fullScan(store);
      assertThat(result.valid()).isFalse();
      assertThat(result.firstBadIndex()).hasValue(2);
      assertThat(result.problem()).contains("checksum");
      assertThat(store.latest()).isEqualTo(result);
    }
  }

  @Test
  void a_corrupted_record_after_the_checkpoint_is_detected_at_start() throws IOException {
    Path file = fillChain(2);
    Path saved = saveIndex();
    appendMore(3);
    restoreIndex(saved);
    flipByteOfBlock(file, 4);
    assertThatThrownBy(() -> FileChainStore.open(dir, QUIET))
        .isInstanceOf(CorruptChainException.class)
        .hasMessageContaining("checksum");
  }

  @Test
  void a_torn_record_after_the_checkpoint_is_truncated_at_start() throws IOException {
    Path file = fillChain(2);
    byte[] partial = recordOf(TestBlocks.next(lastBlock(), "torn"));
    long intactSize = Files.size(file);
    Files.write(
        file, java.util.Arrays.copyOf(partial, partial.length - 3), StandardOpenOption.APPEND);
    try (FileChainStore store = FileChainStore.open(dir, QUIET)) {
      assertThat(store.height()).isEqualTo(3);
      assertThat(Files.size(file)).isEqualTo(intactSize);
    }
  }

  @Test
  void a_record_corrupted_after_the_checkpoint_while_open_is_found_by_the_background_scan()
      throws IOException {
    Path file = fillChain(2);
    try (FileChainStore store = FileChainStore.open(dir, QUIET)) {
      for (int i = 0; i < 3; i++) {
        store.append(TestBlocks.next(store.tip(), "after " + i));
      }
      flipByteOfBlock(file, 4);
      ChainVerification result = fullScan(store);
      assertThat(result.valid()).isFalse();
      assertThat(result.firstBadIndex()).hasValue(4);
    }
  }

  @Test
  void a_transaction_index_that_disagrees_with_the_log_is_found_by_the_full_scan()
      throws IOException {
    fillChain(3);
    Path table = TransactionIndex.tableFile(ChainIndexes.dirOf(dir), 0);
    Files.write(table, new byte[(int) Files.size(table)]);
    try (FileChainStore store = FileChainStore.open(dir, QUIET)) {
      ChainVerification result = fullScan(store);
      assertThat(result.valid()).isFalse();
      assertThat(result.firstBadIndex()).hasValue(0);
      assertThat(result.problem()).contains("missing from the transaction index");
    }
  }

  @Test
  void the_index_rebuilt_from_the_log_equals_the_one_kept() throws IOException {
    fillChain(40);
    Path kept = saveIndex();
    deleteTree(ChainIndexes.dirOf(dir));
    try (FileChainStore store = FileChainStore.open(dir, QUIET)) {
      assertThat(store.latest().scope()).isEqualTo(ChainVerification.Scope.FULL);
      assertThat(store.height()).isEqualTo(41);
    }
    assertSameIndexFiles(kept, ChainIndexes.dirOf(dir));
  }

  @Test
  void an_index_behind_the_log_catches_up_to_the_one_kept() throws IOException {
    fillChain(10);
    Path behind = saveIndex();
    appendMore(15);
    Path kept = saveIndex();
    restoreIndex(behind);
    try (FileChainStore store = FileChainStore.open(dir, QUIET)) {
      assertThat(store.height()).isEqualTo(26);
      assertThat(store.latest().scope()).isEqualTo(ChainVerification.Scope.SINCE_CHECKPOINT);
      assertThat(store.blockIndexOf("tx-25-1")).hasValue(25);
      assertThat(store.blockIndexOf("tx-3-0")).hasValue(3);
    }
    assertSameIndexFiles(kept, ChainIndexes.dirOf(dir));
  }

  @Test
  void a_checkpoint_that_does_not_match_the_log_makes_the_index_rebuilt() throws IOException {
    fillChain(5);
    Path saved = saveIndex();
    // Another chain of the same length under the same index: the checkpoint's tip hash differs.
    Files.delete(dir.resolve(FileChainStore.FILE_NAME));
    deleteTree(ChainIndexes.dirOf(dir));
    try (FileChainStore store = FileChainStore.open(dir, QUIET)) {
      for (int i = 0; i < 5; i++) {
        store.append(TestBlocks.next(store.tip(), "other " + i));
      }
    }
    restoreIndex(saved);
    try (FileChainStore store = FileChainStore.open(dir, QUIET)) {
      assertThat(store.latest().scope()).isEqualTo(ChainVerification.Scope.FULL);
      assertThat(store.height()).isEqualTo(6);
      assertThat(store.get(3).orElseThrow().block().transactions().get(0).data())
          .isEqualTo("other 2");
    }
  }

  private static final FileChainStore.Options QUIET =
      new FileChainStore.Options(
          java.time.Duration.ofHours(1),
          java.time.Duration.ZERO,
          java.time.Duration.ofHours(1),
          1.0,
          1024);

  private static ChainVerification fullScan(FileChainStore store) {
    return store.requestScan().orElseThrow().join();
  }

  private void appendMore(int blocks) {
    try (FileChainStore store = FileChainStore.open(dir, QUIET)) {
      for (int i = 0; i < blocks; i++) {
        store.append(TestBlocks.next(store.tip(), "later " + i, "and " + i));
      }
      last = store.tip();
    }
  }

  private Path saveIndex() throws IOException {
    Path copy = Files.createTempDirectory(dir.getParent(), "index-copy");
    try (Stream<Path> files = Files.list(ChainIndexes.dirOf(dir))) {
      for (Path f : files.toList()) {
        Files.copy(f, copy.resolve(f.getFileName()));
      }
    }
    return copy;
  }

  private void restoreIndex(Path saved) throws IOException {
    Path index = ChainIndexes.dirOf(dir);
    deleteTree(index);
    Files.createDirectories(index);
    try (Stream<Path> files = Files.list(saved)) {
      for (Path f : files.toList()) {
        Files.copy(f, index.resolve(f.getFileName()));
      }
    }
  }

  private static void deleteTree(Path tree) throws IOException {
    try (Stream<Path> files = Files.list(tree)) {
      for (Path f : files.toList()) {
        Files.delete(f);
      }
    }
    Files.delete(tree);
  }

  private static void assertSameIndexFiles(Path expected, Path actual) throws IOException {
    List<String> names;
    try (Stream<Path> files = Files.list(expected)) {
      names = files.map(f -> f.getFileName().toString()).sorted().toList();
    }
    try (Stream<Path> files = Files.list(actual)) {
      assertThat(files.map(f -> f.getFileName().toString()).sorted().toList())
          .containsExactlyElementsOf(names);
    }
    for (String name : names) {
      assertThat(Files.readAllBytes(actual.resolve(name)))
          .as(name)
          .isEqualTo(Files.readAllBytes(expected.resolve(name)));
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
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
      assertThat(fullScan(store).valid()).isTrue();
      assertThat(store.blockIndexOf("tx-2-0")).hasValue(2);
      assertThat(store.tip().block()).isEqualTo(two.block());
      assertThat(store.tip().certificate().lockedBy())
          .extracting(io.qkdchain.peer.consensus.PeerId::value)
          .containsExactly("peer-2", "peer-1", "peer-3");
      store.append(TestBlocks.next(store.tip(), "after the upgrade"));
    }
    try (FileChainStore store = FileChainStore.open(dir)) {
      assertThat(store.height()).isEqualTo(4);
      assertThat(fullScan(store).valid()).isTrue();
      assertThat(store.get(1).orElseThrow().block()).isEqualTo(one.block());
    }
  }

  private Path fillChain(int blocks) {
    try (FileChainStore store = FileChainStore.open(dir, QUIET)) {
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
