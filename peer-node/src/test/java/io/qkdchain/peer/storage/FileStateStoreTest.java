package io.qkdchain.peer.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qkdchain.peer.consensus.CommittedBlock;
import io.qkdchain.peer.consensus.PeerMessage;
import io.qkdchain.peer.consensus.Round;
import io.qkdchain.peer.consensus.Transaction;
import io.qkdchain.peer.consensus.VoteLock;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

class FileStateStoreTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir Path dir;

  @Test
  void the_lock_and_the_view_survive_a_reopen() {
    CommittedBlock block = TestBlocks.next(CommittedBlock.genesis(), "locked");
    VoteLock lock = new VoteLock(new Round(1, 3), block.block());
    try (FileStateStore store = FileStateStore.open(dir)) {
      assertThat(store.loadLock()).isEmpty();
      store.saveLock(lock);
      store.saveView(new Round(1, 4));
    }
    try (FileStateStore store = FileStateStore.open(dir)) {
      assertThat(store.loadLock()).contains(lock);
      assertThat(store.loadView()).contains(new Round(1, 4));
    }
    assertThat(dir.resolve("view.json.tmp")).doesNotExist();
  }

  @Test
  void an_unreadable_lock_file_stops_the_peer_rather_than_being_ignored() throws Exception {
    Files.writeString(dir.resolve("vote-lock.json"), "{\"height\": 1, \"view\": ");
    try (FileStateStore store = FileStateStore.open(dir)) {
      assertThatThrownBy(store::loadLock)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("vote-lock.json");
    }
  }

  @Test
  void pending_transactions_survive_a_reopen_in_arrival_order() {
    try (FileStateStore store = FileStateStore.open(dir)) {
      store.appendPending(List.of(tx("a"), tx("b")));
      store.appendPending(List.of(tx("c")));
    }
    try (FileStateStore store = FileStateStore.open(dir)) {
      assertThat(store.loadPending()).extracting(Transaction::id).containsExactly("a", "b", "c");
      store.forgetPending(Set.of("b"));
      // Forgetting is lazy on disk (the engine filters committed ids against the chain after a
      // restart), but immediate in memory.
      assertThat(store.loadPending()).extracting(Transaction::id).containsExactly("a", "c");
    }
  }

  @Test
  void forgetting_most_records_compacts_the_log() throws Exception {
    Path log = dir.resolve("pending.log");
    try (FileStateStore store = FileStateStore.open(dir)) {
      List<Transaction> txs = new ArrayList<>();
      for (int i = 0; i < 3000; i++) {
        txs.add(tx("t" + i));
      }
      store.appendPending(txs);
      long before = Files.size(log);
      Set<String> committed = new HashSet<>();
      for (int i = 0; i < 2990; i++) {
        committed.add("t" + i);
      }
      store.forgetPending(committed);
      assertThat(Files.size(log)).isLessThan(before / 100);
      store.appendPending(List.of(tx("late")));
    }
    try (FileStateStore store = FileStateStore.open(dir)) {
      assertThat(store.loadPending())
          .hasSize(11)
          .last()
          .extracting(Transaction::id)
          .isEqualTo("late");
    }
  }

  /**
   * Group commit: 16 threads appending at once share fsyncs, and every append is in the file when
   * it returns, not only after a clean close. Each thread checks some of its own records in the
   * file right after their append returns, and all of them are checked before the store is closed,
   * by an independent read of {@code pending.log} (its own framing and CRC-32C decoding, not the
   * store's). That fsync made them survive a power cut cannot be seen from a test; that each append
   * waited for one is what the shared count below and PendingLog's group commit say.
   */
  @Test
  void concurrent_appends_share_fsyncs_and_each_is_in_the_file_when_it_returns() throws Exception {
    int threads = 16;
    int perThread = 200;
    Path log = dir.resolve("pending.log");
    long fsyncs;
    try (FileStateStore store = FileStateStore.open(dir)) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<Integer>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  int checked = 0;
                  for (int i = 0; i < perThread; i++) {
                    String id = thread + "-" + i;
                    store.appendPending(List.of(tx(id)));
                    if (i % 20 == 19) {
                      assertThat(idsInFile(log, false))
                          .as("right after appending " + id)
                          .contains(id);
                      checked++;
                    }
                  }
                  return checked;
                }));
      }
      int checked = 0;
      for (Future<Integer> future : done) {
        checked += future.get(120, TimeUnit.SECONDS);
      }
      pool.shutdown();
      assertThat(checked).as("records checked as their append returned").isEqualTo(threads * 10);
      fsyncs = store.pendingFsyncs();

      // Still open: everything acknowledged is in the file already.
      List<String> inFile = idsInFile(log, true);
      assertThat(inFile).hasSize(threads * perThread).doesNotHaveDuplicates();
      for (int t = 0; t < threads; t++) {
        for (int i = 0; i < perThread; i++) {
          assertThat(inFile).contains(t + "-" + i);
        }
      }
    }
    int appends = threads * perThread;
    assertThat(fsyncs).isPositive().isLessThan(appends);
    try (FileStateStore store = FileStateStore.open(dir)) {
      assertThat(store.loadPending()).hasSize(appends);
    }
  }

  /**
   * The transaction ids in a pending log, read apart from the store: records of a 4-byte length, a
   * 4-byte CRC-32C of the payload and a JSON payload. While others append, the read may end inside
   * a record being written, which ends it; {@code whole} asks for every byte to be whole records.
   */
  private static List<String> idsInFile(Path log, boolean whole) throws Exception {
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(log));
    List<String> ids = new ArrayList<>();
    while (bytes.remaining() >= 8) {
      int start = bytes.position();
      int length = bytes.getInt();
      int crc = bytes.getInt();
      if (length <= 0 || length > bytes.remaining()) {
        bytes.position(start);
        break;
      }
      byte[] payload = new byte[length];
      bytes.get(payload);
      CRC32C check = new CRC32C();
      check.update(payload);
      if ((int) check.getValue() != crc) {
        bytes.position(start);
        break;
      }
      ids.add(JSON.readTree(payload).get("id").stringValue());
    }
    if (whole) {
      assertThat(bytes.remaining()).as("bytes after the last whole record").isZero();
    }
    return ids;
  }

  @Test
  void a_torn_pending_record_is_dropped_on_open() throws Exception {
    try (FileStateStore store = FileStateStore.open(dir)) {
      store.appendPending(List.of(tx("kept")));
    }
    Files.write(
        dir.resolve("pending.log"),
        new byte[] {0, 0, 0, 40, 1, 2},
        java.nio.file.StandardOpenOption.APPEND);
    try (FileStateStore store = FileStateStore.open(dir)) {
      assertThat(store.loadPending()).extracting(Transaction::id).containsExactly("kept");
      store.appendPending(List.of(tx("next")));
    }
    try (FileStateStore store = FileStateStore.open(dir)) {
      assertThat(store.loadPending()).extracting(Transaction::id).containsExactly("kept", "next");
    }
  }

  private static Transaction tx(String id) {
    return new Transaction(id, "data of " + id);
  }

  @Test
  void accepts_outlive_a_reopen_and_only_the_highest_height_is_kept() {
    PeerMessage.Vote old =
        new PeerMessage.Vote(
            new io.qkdchain.peer.consensus.Round(4, 2), PeerMessage.Phase.ACCEPT, "a".repeat(64));
    PeerMessage.Vote first =
        new PeerMessage.Vote(
            new io.qkdchain.peer.consensus.Round(5, 0), PeerMessage.Phase.ACCEPT, "b".repeat(64));
    PeerMessage.Vote second =
        new PeerMessage.Vote(
            new io.qkdchain.peer.consensus.Round(5, 3), PeerMessage.Phase.ACCEPT, "c".repeat(64));
    try (FileStateStore store = FileStateStore.open(dir)) {
      store.saveAccept(old);
      store.saveAccept(first);
      store.saveAccept(second);
      assertThat(store.loadAccepts()).containsExactly(first, second);
    }
    try (FileStateStore store = FileStateStore.open(dir)) {
      assertThat(store.loadAccepts()).containsExactly(first, second);
    }
  }
}
