package io.qkdchain.peer.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.qkdchain.peer.consensus.Block;
import io.qkdchain.peer.consensus.CommitCertificate;
import io.qkdchain.peer.consensus.CommittedBlock;
import io.qkdchain.peer.consensus.KeyHandle;
import io.qkdchain.peer.consensus.PeerId;
import io.qkdchain.peer.consensus.PeerMessage;
import io.qkdchain.peer.consensus.Round;
import io.qkdchain.peer.consensus.Transaction;
import io.qkdchain.peer.consensus.VoteLock;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
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
            PeerMessage.Proposal.FRESH,
            new KeyHandle.QkdKeyIds(List.of("3f0c-1", "3f0c-2")),
            "lfsr",
            256,
            List.of(HASH, HASH, HASH, HASH)),
        new PeerMessage.Proposal(
            round, P1, BLOCK, 1, new KeyHandle.ClassicalKey("00ff10"), "full", 64, List.of(HASH)),
        new PeerMessage.Vote(round, PeerMessage.Phase.ECHO, HASH),
        new PeerMessage.Vote(round, PeerMessage.Phase.ACCEPT, HASH),
        new PeerMessage.Vote(round, PeerMessage.Phase.LOCK, BLOCK.hash()),
        new PeerMessage.ViewChange(round, Optional.empty()),
        new PeerMessage.ViewChange(round, Optional.of(new VoteLock(new Round(1, 1), BLOCK))),
        new PeerMessage.RelayRequest(round, HASH),
        new PeerMessage.Relay(round, BLOCK, PeerMessage.Proposal.FRESH),
        new PeerMessage.Relay(round, BLOCK, 1),
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
            codec.encode(new PeerMessage.Vote(new Round(4, 0), PeerMessage.Phase.ACCEPT, HASH)),
            StandardCharsets.UTF_8);
    assertThat(vote)
        .isEqualTo(
            "{\"type\":\"Vote\",\"height\":4,\"view\":0,\"phase\":\"ACCEPT\",\"blockHash\":\""
                + HASH
                + "\"}");
    String viewChange =
        new String(
            codec.encode(
                new PeerMessage.ViewChange(
                    new Round(1, 3), Optional.of(new VoteLock(new Round(1, 1), BLOCK)))),
            StandardCharsets.UTF_8);
    assertThat(viewChange)
        .startsWith(
            "{\"type\":\"ViewChange\",\"height\":1,\"view\":3,\"lock\":{\"view\":1,"
                + "\"block\":{\"index\":1,");
  }

  @Test
  void a_proposal_carries_its_justification_after_the_proposer_and_minus_one_when_fresh() {
    String fresh =
        new String(
            codec.encode(
                new PeerMessage.Proposal(
                    new Round(1, 0),
                    P1,
                    BLOCK,
                    PeerMessage.Proposal.FRESH,
                    new KeyHandle.ClassicalKey("00"),
                    "lfsr",
                    256,
                    List.of(HASH))),
            StandardCharsets.UTF_8);
    assertThat(fresh)
        .startsWith(
            "{\"type\":\"Proposal\",\"height\":1,\"view\":0,\"proposer\":\"peer-1\","
                + "\"justifyView\":-1,\"block\":{");
    String justified = fresh.replace("\"view\":0,", "\"view\":5,").replace(":-1,", ":4,");
    PeerMessage decoded =
        codec
            .decodeSingle(("{\"from\":\"peer-1\"," + justified.substring(1)).getBytes(), "Proposal")
            .messages()
            .get(0);
    assertThat(((PeerMessage.Proposal) decoded).justifyView()).isEqualTo(4);
    assertThat(((PeerMessage.Proposal) decoded).round()).isEqualTo(new Round(1, 5));
  }

  private static final String MAC_FIELDS =
      "\"classicalKeyHex\":\"00\",\"family\":\"lfsr\",\"tagBits\":256,\"groupSignature\":[\""
          + HASH
          + "\"]";

  /** A proposal of {@link #BLOCK} (height 1) with the given round fields and justification. */
  private static String proposal(String roundAndJustification) {
    String block = new String(StrictJson.bytes(BlockJson.write(BLOCK)), StandardCharsets.UTF_8);
    return "{"
        + roundAndJustification
        + ",\"proposer\":\"peer-1\",\"block\":"
        + block
        + ","
        + MAC_FIELDS
        + "}";
  }

  private static String viewChange(String roundFields, int lockView) {
    String block = new String(StrictJson.bytes(BlockJson.write(BLOCK)), StandardCharsets.UTF_8);
    return "{" + roundFields + ",\"lock\":{\"view\":" + lockView + ",\"block\":" + block + "}}";
  }

  private static String vote(String fields) {
    return "{\"height\":1,\"view\":0" + fields + "}";
  }

  static Stream<Arguments> roundMessagesTheProtocolCannotMean() {
    String hash = ",\"blockHash\":\"" + HASH + "\"";
    return Stream.of(
        arguments(
            "Proposal",
            proposal("\"height\":1,\"view\":2"),
            "message(Proposal).justifyView: missing"),
        arguments(
            "Proposal",
            proposal("\"height\":1,\"view\":2,\"justifyView\":-2"),
            "message(Proposal).justifyView: expected a 32-bit integer of at least -1, got number -2"),
        arguments(
            "Proposal",
            proposal("\"height\":1,\"view\":2,\"justifyView\":\"0\""),
            "message(Proposal).justifyView: expected a 32-bit integer of at least -1, got string"),
        arguments(
            "Proposal",
            proposal("\"height\":1,\"view\":2,\"justifyView\":2"),
            "message(Proposal): justifyView must be -1 or a view below 2, got 2"),
        arguments(
            "Proposal",
            proposal("\"height\":7,\"view\":2,\"justifyView\":-1"),
            "message(Proposal).block.index: 1 is not the round's height 7"),
        arguments(
            "Vote",
            vote(",\"phase\":\"echo\"" + hash),
            "message(Vote).phase: expected ECHO, ACCEPT, LOCK or COMMIT"),
        arguments(
            "Vote",
            vote(",\"phase\":\"DECIDE\"" + hash),
            "message(Vote).phase: expected ECHO, ACCEPT, LOCK or COMMIT"),
        arguments("Vote", vote(hash), "message(Vote).phase: missing"),
        arguments("Vote", vote(",\"phase\":\"LOCK\""), "message(Vote).blockHash: missing"),
        arguments(
            "ViewChange",
            "{\"height\":1,\"view\":0}",
            "message(ViewChange): a view change names a view above 0"),
        arguments(
            "ViewChange",
            viewChange("\"height\":1,\"view\":2", 2),
            "message(ViewChange): a reported lock must be at the same height and an earlier view"),
        arguments(
            "ViewChange",
            viewChange("\"height\":3,\"view\":2", 1),
            "message(ViewChange).lock.block.index: 1 is not the round's height 3"));
  }

  @ParameterizedTest
  @MethodSource("roundMessagesTheProtocolCannotMean")
  void round_messages_the_protocol_cannot_mean_are_refused_naming_the_field(
      String type, String message, String error) {
    byte[] body = ("{\"from\":\"peer-1\"," + message.substring(1)).getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> codec.decodeSingle(body, type))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageStartingWith(error);
  }

  @Test
  void the_retired_vote_chain_and_commit_messages_are_unknown_types() {
    for (String retired : List.of("VerifyAndVote", "Commit")) {
      byte[] body =
          ("{\"from\":\"peer-1\",\"messages\":[{\"type\":\""
                  + retired
                  + "\",\"height\":1,\"view\":0}]}")
              .getBytes(StandardCharsets.UTF_8);
      assertThatThrownBy(() -> codec.decodeBatch(body))
          .isInstanceOf(MalformedMessageException.class)
          .hasMessage("batch.messages[0].type: unknown type " + retired);
    }
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
            new CommitCertificate(
                new Round(1, 2), BLOCK.hash(), List.of(P2, P1, PeerId.of("peer-4"))));
    byte[] json = codec.encodeBlocks(List.of(CommittedBlock.genesis(), committed));
    assertThat(codec.decodeBlocks(json)).containsExactly(CommittedBlock.genesis(), committed);
    String text = new String(json, StandardCharsets.UTF_8);
    assertThat(text).contains("\"data\":\"Genesis block\"");
    assertThat(text).contains("\"data\":\"[\\\"héllo");
    assertThat(text).contains("\"commit\":{\"height\":0,\"view\":0,\"lockedBy\":[]}");
    assertThat(text)
        .contains(
            "\"commit\":{\"height\":1,\"view\":2,\"lockedBy\":[\"peer-2\",\"peer-1\",\"peer-4\"]}");
  }

  @Test
  void a_commit_written_by_the_vote_chain_version_reads_as_its_distinct_voters() {
    String block = new String(StrictJson.bytes(BlockJson.write(BLOCK)), StandardCharsets.UTF_8);
    String earlier =
        block.substring(0, block.length() - 1)
            + ",\"commit\":{\"height\":1,\"view\":0,\"votes\":[[\"peer-1\",\"peer-3\"],"
            + "[\"peer-2\",\"peer-3\"],[\"peer-1\",\"peer-1\"],[\"peer-3\",\"peer-2\"]]}}";
    CommittedBlock read = BlockJson.decode(earlier.getBytes(StandardCharsets.UTF_8));
    assertThat(read.block()).isEqualTo(BLOCK);
    assertThat(read.certificate())
        .isEqualTo(
            new CommitCertificate(
                new Round(1, 0), BLOCK.hash(), List.of(PeerId.of("peer-3"), P1, P2)));
    // Written back, it takes the current form.
    assertThat(new String(BlockJson.encode(read), StandardCharsets.UTF_8))
        .endsWith(
            "\"commit\":{\"height\":1,\"view\":0,\"lockedBy\":[\"peer-3\",\"peer-1\",\"peer-2\"]}}");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"height\":1,\"view\":0}|block.commit: exactly one of lockedBy and votes",
        "{\"height\":1,\"view\":0,\"lockedBy\":[],\"votes\":[]}|"
            + "block.commit: exactly one of lockedBy and votes",
        "{\"height\":1,\"view\":0,\"lockedBy\":[\"peer-1\",\"peer-1\"]}|"
            + "block.commit.lockedBy: lists a member twice",
        "{\"height\":1,\"view\":0,\"lockedBy\":[\"peer 1\"]}|block.commit.lockedBy: ",
        "{\"height\":1,\"view\":0,\"lockedBy\":\"peer-1\"}|"
            + "block.commit.lockedBy: expected an array",
        "{\"height\":1,\"view\":0,\"votes\":[[\"peer-1\"]]}|"
            + "block.commit.votes[0]: expected a pair [initiator, voter] of peer ids",
        "{\"height\":2,\"view\":0,\"lockedBy\":[]}|"
            + "block.commit.height: 2 is not the block index 1",
      })
  void a_malformed_commit_field_is_refused_naming_the_field(String caseText) {
    String[] parts = caseText.split("\\|");
    String block = new String(StrictJson.bytes(BlockJson.write(BLOCK)), StandardCharsets.UTF_8);
    String json = block.substring(0, block.length() - 1) + ",\"commit\":" + parts[0] + "}";
    assertThatThrownBy(() -> BlockJson.decode(json.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageStartingWith(parts[1]);
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
            + " \"phase\": \"ECHO\", \"blockHash\": \"zz\"}]}",
        "{\"from\": \"peer-1\", \"messages\": [{\"type\": \"Vote\", \"height\": \"1\", \"view\": 0}]}",
        "{\"from\": \"peer-1\", \"messages\": [{\"type\": \"Vote\", \"height\": 1.5, \"view\": 0}]}",
        "{\"from\": \"peer-1\", \"messages\": [{\"type\": \"Vote\", \"height\": -1, \"view\": 0}]}",
        "{\"from\": \"peer-1\", \"from\": \"peer-2\", \"messages\": []}",
        "{\"from\": \"peer-1\", \"messages\": [{\"type\": \"Vote\", \"height\": 1,"
            + " \"view\": 0, \"phase\": 2, \"blockHash\": \"abababababababababababababababababababababababababababababababab\"}]}",
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
                        PeerMessage.Proposal.FRESH,
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
