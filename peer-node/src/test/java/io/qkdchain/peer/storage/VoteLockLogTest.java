package io.qkdchain.peer.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qkdchain.peer.consensus.CommittedBlock;
import io.qkdchain.peer.consensus.Round;
import io.qkdchain.peer.consensus.VoteLock;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VoteLockLogTest {

  @TempDir Path dir;

  @Test
  void the_last_lock_saved_is_the_one_read_after_a_reopen() {
    try (VoteLockLog log = VoteLockLog.open(dir)) {
      assertThat(log.last()).isEmpty();
      log.save(bytes("lock 1"));
      log.save(bytes("lock 2"));
      log.save(bytes("lock 3"));
    }
    try (VoteLockLog log = VoteLockLog.open(dir)) {
      assertThat(log.last()).hasValueSatisfying(last -> assertThat(text(last)).isEqualTo("lock 3"));
    }
  }

  @Test
  void a_torn_last_record_is_cut_off_and_the_lock_before_it_stands() throws Exception {
    try (VoteLockLog log = VoteLockLog.open(dir)) {
      log.save(bytes("lock 1"));
      log.save(bytes("lock 2, torn by a crash"));
    }
    Path file = dir.resolve(VoteLockLog.FILE_NAME);
    long firstRecordEnd = RecordLog.HEADER_BYTES + "lock 1".length();
    try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
      raw.setLength(raw.length() - 3);
    }

    try (VoteLockLog log = VoteLockLog.open(dir)) {
      assertThat(text(log.last().orElseThrow())).isEqualTo("lock 1");
      assertThat(Files.size(file)).isEqualTo(firstRecordEnd);
      log.save(bytes("lock 3"));
    }
    try (VoteLockLog log = VoteLockLog.open(dir)) {
      assertThat(text(log.last().orElseThrow())).isEqualTo("lock 3");
    }
  }

  @Test
  void a_damaged_record_before_the_last_stops_the_peer() throws Exception {
    try (VoteLockLog log = VoteLockLog.open(dir)) {
      log.save(bytes("lock 1"));
      log.save(bytes("lock 2"));
    }
    Path file = dir.resolve(VoteLockLog.FILE_NAME);
    byte[] content = Files.readAllBytes(file);
    content[RecordLog.HEADER_BYTES] ^= 1;
    Files.write(file, content);

    assertThatThrownBy(() -> VoteLockLog.open(dir))
        .isInstanceOf(CorruptChainException.class)
        .hasMessageContaining(VoteLockLog.FILE_NAME)
        .hasMessageContaining("checksum");
  }

  @Test
  void past_its_size_limit_the_log_starts_afresh_with_the_latest_lock() throws Exception {
    byte[] big = new byte[1024 * 1024];
    int saves = (int) (VoteLockLog.COMPACT_AT_BYTES / big.length) + 2;
    try (VoteLockLog log = VoteLockLog.open(dir)) {
      for (int i = 0; i < saves; i++) {
        Arrays.fill(big, (byte) ('a' + i % 26));
        log.save(big);
      }
    }
    Path file = dir.resolve(VoteLockLog.FILE_NAME);
    assertThat(Files.size(file)).isLessThan(VoteLockLog.COMPACT_AT_BYTES);
    assertThat(dir.resolve(VoteLockLog.FILE_NAME + ".tmp")).doesNotExist();
    try (VoteLockLog log = VoteLockLog.open(dir)) {
      assertThat(log.last().orElseThrow()).isEqualTo(big);
    }
  }

  @Test
  void a_lock_in_the_json_file_of_an_earlier_version_is_kept_until_a_new_lock_replaces_it()
      throws Exception {
    CommittedBlock first = TestBlocks.next(CommittedBlock.genesis(), "locked before the upgrade");
    VoteLock old = new VoteLock(new Round(1, 2), first.block());
    AtomicFile legacy = new AtomicFile(dir, "vote-lock.json");
    try (FileStateStore store = FileStateStore.open(dir)) {
      store.saveLock(old);
    }
    // What the earlier version left: the same lock JSON in vote-lock.json, and no log.
    byte[] oldJson;
    try (VoteLockLog log = VoteLockLog.open(dir)) {
      oldJson = log.last().orElseThrow();
    }
    legacy.replace(oldJson);
    Files.delete(dir.resolve(VoteLockLog.FILE_NAME));

    VoteLock next = new VoteLock(new Round(1, 3), first.block());
    try (FileStateStore store = FileStateStore.open(dir)) {
      assertThat(store.loadLock()).contains(old);
      store.saveLock(next);
    }
    assertThat(legacy.path()).doesNotExist();
    try (FileStateStore store = FileStateStore.open(dir)) {
      assertThat(store.loadLock()).contains(next);
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
