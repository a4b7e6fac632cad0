package io.qkdchain.peer.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransactionIndexTest {

  private static final long ALL = Long.MAX_VALUE;

  @TempDir Path dir;
  private TransactionIndex index;

  @AfterEach
  void close() {
    if (index != null) {
      index.close();
    }
  }

  @Test
  void every_id_put_is_found_in_its_block_and_no_other_id_is_across_several_tables() {
    // 1,024 slots first: 50,000 ids need tables of 1k, 2k, ... 64k slots.
    index = TransactionIndex.create(dir, 1024);
    Random random = new Random(7);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 50_000; i++) {
      String id = new UUID(random.nextLong(), random.nextLong()).toString();
      ids.add(id);
      index.put(id, i / 100);
    }

    for (int i = 0; i < ids.size(); i++) {
      assertThat(index.candidate(ids.get(i), ALL)).isEqualTo(i / 100);
    }
    for (int i = 0; i < 1_000; i++) {
      assertThat(index.candidate(new UUID(random.nextLong(), random.nextLong()).toString(), ALL))
          .isEqualTo(-1);
    }
    assertThat(index.shape().levels()).isGreaterThan(5);
    assertThat(Files.exists(TransactionIndex.tableFile(dir, 0))).isTrue();
  }

  @Test
  void entries_at_or_above_the_given_height_are_not_returned() {
    index = TransactionIndex.create(dir, 1024);
    String id = UUID.randomUUID().toString();
    index.put(id, 7);
    assertThat(index.candidate(id, 8)).isEqualTo(7);
    assertThat(index.candidate(id, 7)).isEqualTo(-1);
  }

  @Test
  void reopened_tables_answer_as_before_and_take_more_entries() {
    index = TransactionIndex.create(dir, 1024);
    Random random = new Random(11);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      ids.add(new UUID(random.nextLong(), random.nextLong()).toString());
      index.put(ids.get(i), i);
    }
    index.force();
    TransactionIndex.Shape shape = index.shape();
    index.close();

    index = TransactionIndex.reopen(dir, 1024, shape, 3_000);
    for (int i = 0; i < 3_000; i++) {
      assertThat(index.candidate(ids.get(i), ALL)).isEqualTo(i);
    }
    String later = UUID.randomUUID().toString();
    index.put(later, 3_000);
    assertThat(index.candidate(later, ALL)).isEqualTo(3_000);
  }

  @Test
  void ids_that_are_not_canonical_uuids_are_kept_apart_from_the_uuid_they_resemble() {
    index = TransactionIndex.create(dir, 1024);
    String canonical = "0000000a-000b-000c-000d-00000000000e";
    index.put("genesis", 0);
    index.put("1-1-1-1-1", 3);
    index.put(canonical.toUpperCase(), 4);

    assertThat(index.candidate("genesis", ALL)).isEqualTo(0);
    assertThat(index.candidate("1-1-1-1-1", ALL)).isEqualTo(3);
    assertThat(index.candidate(canonical.toUpperCase(), ALL)).isEqualTo(4);
    assertThat(index.candidate(canonical, ALL)).isEqualTo(-1);
    assertThat(TransactionIndex.exact(canonical)).isTrue();
    assertThat(TransactionIndex.exact("genesis")).isFalse();
  }

  @Test
  void only_the_form_uuid_to_string_writes_parses_as_a_uuid() {
    UUID uuid = UUID.fromString("123e4567-e89b-42d3-a456-426614174000");
    assertThat(TransactionIndex.parseCanonicalUuid(uuid.toString()))
        .containsExactly(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits());
    assertThat(TransactionIndex.parseCanonicalUuid("123e4567-e89b-42d3-a456-42661417400")).isNull();
    assertThat(TransactionIndex.parseCanonicalUuid("123e4567+e89b-42d3-a456-426614174000"))
        .isNull();
    assertThat(TransactionIndex.parseCanonicalUuid("123e4567-e89b-42d3-a456-42661417400g"))
        .isNull();
  }

  @Test
  void a_negative_block_index_is_refused() {
    index = TransactionIndex.create(dir, 1024);
    assertThatThrownBy(() -> index.put("genesis", -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("out of range");
  }

  @Test
  void reopening_with_a_missing_table_is_refused() throws Exception {
    index = TransactionIndex.create(dir, 1024);
    index.put("genesis", 0);
    TransactionIndex.Shape shape = index.shape();
    index.close();
    index = null;
    Files.delete(TransactionIndex.tableFile(dir, 0));
    assertThatThrownBy(() -> TransactionIndex.reopen(dir, 1024, shape, 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("missing");
  }
}
