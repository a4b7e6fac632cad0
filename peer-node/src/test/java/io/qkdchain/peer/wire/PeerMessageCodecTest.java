package io.qkdchain.peer.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qkdchain.peer.consensus.Block;
import io.qkdchain.peer.consensus.CommitCertificate;
import io.qkdchain.peer.consensus.CommittedBlock;
import io.qkdchain.peer.consensus.KeyHandle;
import io.qkdchain.peer.consensus.PeerId;
import io.qkdchain.peer.consensus.PeerMessage;
import io.qkdchain.peer.consensus.Round;
import io.qkdchain.peer.consensus.Transaction;
import io.qkdchain.peer.consensus.VoteLock;
import io.qkdchain.peer.consensus.VotePair;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PeerMessageCodecTest {

  private static final PeerId P1 = PeerId.of("peer-1");
  private static final PeerId P2 = PeerId.of("peer-2");
  private static final String HASH = "ab".repeat(32);
  private static final Block BLOCK =
      new Block(
          1,
          Block.genesis().hash(),
          1_700_000_000_123L,
          List.of(new Transaction("t1", "héllo \"world\"\n"), new Transaction("t2", "second")));

  private final PeerMessageCodec codec = new PeerMessageCodec();

  static Stream<PeerMessage> everyMessageType() {
    Round round = new Round(1, 2);
    return Stream.of(
        new PeerMessage.TxGossip(List.of(new Transaction("t9", "gossiped"))),
        new PeerMessage.Proposal(
            round,
            P1,
            BLOCK,
            new KeyHandle.QkdKeyIds(List.of("3f0c-1", "3f0c-2")),
            "lfsr",
            256,
            List.of(HASH, HASH, HASH, HASH)),
        new PeerMessage.Proposal(
            round, P1, BLOCK, new KeyHandle.ClassicalKey("00ff10"), "full", 64, List.of(HASH)),
        new PeerMessage.VerifyAndVote(
            round, HASH, P2, "cd".repeat(32), List.of(P2, P1, PeerId.of("peer-3")), 1),
        new PeerMessage.Vote(round, HASH, new VotePair(P1, P2)),
        new PeerMessage.Commit(
            new CommitCertificate(
                round, HASH, List.of(new VotePair(P1, P2), new VotePair(P2, P2)))),
        new PeerMessage.ViewChange(round, Optional.empty()),
        new PeerMessage.ViewChange(round, Optional.of(new VoteLock(new Round(1, 1), BLOCK))),
        new PeerMessage.KeyNotice(new KeyHandle.QkdKeyIds(List.of("3f0c-3")), 768));
  }

  @ParameterizedTest
  @MethodSource("everyMessageType")
  void every_message_type_survives_a_round_trip_through_a_batch(PeerMessage message) {
    byte[] body = codec.batchBody(P1, List.of(codec.encode(message), codec.encode(message)));
    PeerMessageCodec.Batch batch = codec.decodeBatch(body);
    assertThat(batch.from()).isEqualTo(P1);
    assertThat(batch.messages()).containsExactly(message, message);
  }

  @Test
  void messages_carry_the_field_names_of_the_message_docs() {
    String vote =
        new String(
            codec.encode(new PeerMessage.Vote(new Round(4, 0), HASH, new VotePair(P1, P2))),
            StandardCharsets.UTF_8);
    assertThat(vote)
        .isEqualTo(
            "{\"type\":\"Vote\",\"height\":4,\"view\":0,\"blockHash\":\""
                + HASH
                + "\",\"initiator\":\"peer-1\",\"voter\":\"peer-2\"}");
  }

  @Test
  void a_key_notice_carries_key_ids_and_a_length_and_nothing_else() {
    String notice =
        new String(
            codec.encode(new PeerMessage.KeyNotice(new KeyHandle.QkdKeyIds(List.of("k-1")), 768)),
            StandardCharsets.UTF_8);
    assertThat(notice).isEqualTo("{\"type\":\"KeyNotice\",\"keyIds\":[\"k-1\"],\"bits\":768}");
  }

  @Test
  void committed_blocks_round_trip_with_their_certificate_and_the_original_fields() {
    CommittedBlock committed =
        new CommittedBlock(
            BLOCK,
            new CommitCertificate(new Round(1, 0), BLOCK.hash(), List.of(new VotePair(P1, P2))));
    byte[] json = codec.encodeBlocks(List.of(CommittedBlock.genesis(), committed));
    assertThat(codec.decodeBlocks(json)).containsExactly(CommittedBlock.genesis(), committed);
    String text = new String(json, StandardCharsets.UTF_8);
    assertThat(text).contains("\"data\":\"Genesis block\"");
    assertThat(text).contains("\"data\":\"[\\\"héllo");
    assertThat(text)
        .contains("\"commit\":{\"height\":1,\"view\":0,\"votes\":[[\"peer-1\",\"peer-2\"]]}");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "not json",
        "[]",
        "{\"messages\": []}",
        "{\"from\": \"peer-1\"}",
        "{\"from\": 7, \"messages\": []}",
        "{\"from\": \"peer 1\", \"messages\": []}",
        "{\"from\": \"peer-1\", \"messages\": [{\"type\": \"Gossip\"}]}",
        "{\"from\": \"peer-1\", \"messages\": [{\"type\": \"KeyNotice\", \"keyIds\": [], \"bits\": 768}]}",
        "{\"from\": \"peer-1\", \"messages\": [{\"type\": \"KeyNotice\", \"keyIds\": [\"k\"], \"bits\": 0}]}",
        "{\"from\": \"peer-1\", \"messages\": [{\"type\": \"KeyNotice\", \"keyIds\": [\"k\"]}]}",
        "{\"from\": \"peer-1\", \"messages\": [{\"height\": 1}]}",
        "{\"from\": \"peer-1\", \"messages\": [{\"type\": \"Vote\", \"height\": 1, \"view\": 0,"
            + " \"blockHash\": \"zz\", \"initiator\": \"peer-1\", \"voter\": \"peer-2\"}]}",
        "{\"from\": \"peer-1\", \"messages\": [{\"type\": \"Vote\", \"height\": \"1\", \"view\": 0}]}",
        "{\"from\": \"peer-1\", \"messages\": [{\"type\": \"Vote\", \"height\": 1.5, \"view\": 0}]}",
        "{\"from\": \"peer-1\", \"messages\": [{\"type\": \"Vote\", \"height\": -1, \"view\": 0}]}",
        "{\"from\": \"peer-1\", \"from\": \"peer-2\", \"messages\": []}",
        "{\"from\": \"peer-1\", \"messages\": [{\"type\": \"VerifyAndVote\", \"height\": 1,"
            + " \"view\": 0, \"blockHash\": \"abababababababababababababababababababababababababababababababab\","
            + " \"initiator\": \"peer-1\", \"initiatorSignature\": \"x\", \"order\": [\"peer-1\"],"
            + " \"position\": 3}]}",
      })
  void malformed_input_is_a_typed_error(String json) {
    assertThatThrownBy(() -> codec.decodeBatch(json.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(MalformedMessageException.class);
  }

  @Test
  void a_block_whose_hash_field_disagrees_with_its_content_is_refused() {
    String proposal =
        new String(
                codec.encode(
                    new PeerMessage.Proposal(
                        new Round(1, 0),
                        P1,
                        BLOCK,
                        new KeyHandle.ClassicalKey("00"),
                        "lfsr",
                        256,
                        List.of(HASH))),
                StandardCharsets.UTF_8)
            .replace("\"second\"", "\"tampered\"");
    byte[] body = ("{\"from\":\"peer-1\",\"messages\":[" + proposal + "]}").getBytes();
    assertThatThrownBy(() -> codec.decodeBatch(body))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("does not match the block's content");
  }

  @Test
  void errors_name_the_offending_field() {
    byte[] body =
        "{\"from\":\"peer-1\",\"messages\":[{\"type\":\"TxGossip\"},{\"type\":\"Vote\"}]}"
            .getBytes();
    assertThatThrownBy(() -> codec.decodeBatch(body))
        .hasMessage("batch.messages[0](TxGossip).transactions: missing");
  }

  @Test
  void a_typed_route_refuses_another_type_and_accepts_a_missing_one() {
    byte[] wrong = "{\"from\":\"peer-1\",\"type\":\"Vote\",\"transactions\":[]}".getBytes();
    assertThatThrownBy(() -> codec.decodeSingle(wrong, "TxGossip"))
        .isInstanceOf(MalformedMessageException.class);
    byte[] untyped =
        "{\"from\":\"peer-1\",\"transactions\":[{\"id\":\"a\",\"data\":\"b\"}]}".getBytes();
    assertThat(codec.decodeSingle(untyped, "TxGossip").messages())
        .containsExactly(new PeerMessage.TxGossip(List.of(new Transaction("a", "b"))));
  }
}
