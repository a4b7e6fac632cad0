package io.qkdchain.peer.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TransactionIndexTest {

  private final TransactionIndex index = new TransactionIndex();

  @Test
  void every_id_put_is_found_in_its_block_and_no_other_id_is() {
    Random random = new Random(7);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 50_000; i++) {
      String id = new UUID(random.nextLong(), random.nextLong()).toString();
      ids.add(id);
      index.put(id, i / 100);
    }

    for (int i = 0; i < ids.size(); i++) {
      assertThat(index.blockOf(ids.get(i))).hasValue(i / 100);
    }
    for (int i = 0; i < 1_000; i++) {
      assertThat(index.blockOf(new UUID(random.nextLong(), random.nextLong()).toString()))
          .isEmpty();
    }
    assertThat(index.size()).isEqualTo(50_000);
  }

  @Test
  void ids_that_are_not_canonical_uuids_are_kept_apart_from_the_uuid_they_resemble() {
    String canonical = "0000000a-000b-000c-000d-00000000000e";
    index.put("genesis", 0);
    index.put("1-1-1-1-1", 3);
    index.put(canonical.toUpperCase(), 4);

    assertThat(index.blockOf("genesis")).hasValue(0);
    assertThat(index.blockOf("1-1-1-1-1")).hasValue(3);
    assertThat(index.blockOf(canonical.toUpperCase())).hasValue(4);
    assertThat(index.blockOf(canonical)).isEqualTo(OptionalLong.empty());
    assertThat(index.size()).isEqualTo(3);
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
    assertThatThrownBy(() -> index.put("genesis", -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("out of range");
  }
}
