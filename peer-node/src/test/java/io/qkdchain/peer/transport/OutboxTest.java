package io.qkdchain.peer.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdchain.peer.consensus.PeerId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class OutboxTest {

  private final List<List<String>> posted = new ArrayList<>();
  private final List<CompletableFuture<Void>> requests = new ArrayList<>();
  private final Outbox outbox =
      new Outbox(
          new PeerId("peer-2"),
          16,
          1024,
          batch -> {
            posted.add(
                batch.stream().map(json -> new String(json, StandardCharsets.UTF_8)).toList());
            CompletableFuture<Void> request = new CompletableFuture<>();
            requests.add(request);
            return request;
          });

  @Test
  void held_messages_leave_together_in_one_request_on_release() {
    CompletableFuture<Void> vote = outbox.hold(json("vote"));
    CompletableFuture<Void> chainRequest = outbox.hold(json("verify-and-vote"));

    assertThat(posted).isEmpty();
    outbox.release();

    assertThat(posted).containsExactly(List.of("vote", "verify-and-vote"));
    requests.get(0).complete(null);
    assertThat(vote).isCompleted();
    assertThat(chainRequest).isCompleted();
  }

  @Test
  void a_message_sent_at_once_goes_alone_and_the_next_waits_for_its_round_trip() {
    outbox.enqueue(json("vote"));
    outbox.enqueue(json("verify-and-vote"));

    assertThat(posted).containsExactly(List.of("vote"));
    requests.get(0).complete(null);
    assertThat(posted).containsExactly(List.of("vote"), List.of("verify-and-vote"));
  }

  @Test
  void a_release_while_a_request_is_in_flight_leaves_the_messages_for_its_return() {
    outbox.enqueue(json("first"));
    outbox.hold(json("second"));
    outbox.release();

    assertThat(posted).hasSize(1);
    requests.get(0).complete(null);
    assertThat(posted).containsExactly(List.of("first"), List.of("second"));
  }

  @Test
  void a_release_with_nothing_held_sends_nothing() {
    outbox.release();

    assertThat(posted).isEmpty();
  }

  private static byte[] json(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
