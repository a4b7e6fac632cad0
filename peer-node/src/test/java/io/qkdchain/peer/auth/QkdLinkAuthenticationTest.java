package io.qkdchain.peer.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdchain.peer.auth.AuthRejections.Reason;
import io.qkdchain.peer.auth.LinkHarness.Answer;
import io.qkdchain.peer.consensus.PeerId;
import io.qkdchain.peer.transport.PeerRequestSigner.Signature;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * {@code qkdchain.peer-auth.mode=qkd}: epochs, overlap, forged announcements, outages, restarts.
 */
class QkdLinkAuthenticationTest {

  static final PeerId ONE = PeerId.of("peer-1");
  static final PeerId TWO = PeerId.of("peer-2");
  static final PeerId THREE = PeerId.of("peer-3");
  static final long EPOCH = 10_000;
  static final long GRACE = 5_000;
  static final long REDRAW = 2_000;

  private final LinkHarness peers =
      new LinkHarness(
          new LinkTagScheme.Hmac(),
          LinkHarness.timing(EPOCH, GRACE, REDRAW),
          List.of(ONE, TWO, THREE));

  private static byte[] body(String text) {
    return ("{\"from\":\"peer-1\",\"messages\":[\"" + text + "\"]}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private long epochOf(PeerId receiver, PeerId sender) {
    return peers.ring(receiver).receiving(sender).currentEpoch().orElse(0);
  }

  @Test
  void the_first_request_draws_the_receivers_key_which_the_sender_reads_by_its_ids() {
    Answer answer = peers.post(ONE, TWO, body("hello"));

    assertThat(answer.status()).isEqualTo(202);
    assertThat(epochOf(TWO, ONE)).isEqualTo(1);
    // peer-2 drew 256 bits as master; peer-1 read them: nothing else was drawn.
    assertThat(peers.kmes.bitsDrawn.get()).isEqualTo(256);
    LinkAuthView inbound = view(TWO, ONE, LinkAuthView.Direction.INBOUND);
    LinkAuthView outbound = view(ONE, TWO, LinkAuthView.Direction.OUTBOUND);
    assertThat(inbound.epoch()).isEqualTo(1);
    assertThat(inbound.bitsSpent()).isEqualTo(256);
    assertThat(outbound.epoch()).isEqualTo(1);
    assertThat(outbound.bitsSpent()).isEqualTo(256);
  }

  @Test
  void a_key_in_use_rotates_every_epoch_and_the_previous_one_serves_one_more_epoch() {
    assertThat(peers.post(ONE, TWO, body("a")).status()).isEqualTo(202);
    Signature underEpochOne = peers.sign(ONE, TWO, body("in flight across the rotation"));

    peers.advance(EPOCH);
    assertThat(epochOf(TWO, ONE)).isEqualTo(2);
    // In flight under epoch 1 while peer-2 rotated: accepted, and its answer announces epoch 2.
    Answer late = peers.deliver(ONE, TWO, underEpochOne, body("in flight across the rotation"));
    assertThat(late.status()).isEqualTo(202);
    assertThat(LinkKeyAnnouncement.parse(late.announcement()).epoch()).isEqualTo(2);

    // The sender learns epoch 2 from any answer and uses it from then on.
    peers.post(ONE, TWO, body("b"));
    Signature next = peers.sign(ONE, TWO, body("c"));
    assertThat(next.headers()).containsEntry(LinkCanonicalRequest.EPOCH_HEADER, "2");
  }

  @Test
  void a_request_under_a_key_two_epochs_old_is_refused_with_401() {
    peers.post(ONE, TWO, body("a"));
    Signature underEpochOne = peers.sign(ONE, TWO, body("held back"));
    peers.advance(EPOCH);
    peers.post(ONE, TWO, body("b"));
    peers.post(ONE, TWO, body("c"));
    peers.advance(EPOCH);
    assertThat(epochOf(TWO, ONE)).isEqualTo(3);

    Answer answer = peers.deliver(ONE, TWO, underEpochOne, body("held back"));

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.error()).contains("retired");
    assertThat(peers.rejections.count(Reason.OUTDATED_LINK_KEY)).isEqualTo(1);
  }

  @Test
  void the_previous_key_is_refused_once_its_overlap_epoch_has_passed_even_without_rotation() {
    peers.post(ONE, TWO, body("a"));
    Signature underEpochOne = peers.sign(ONE, TWO, body("late"));
    peers.advance(EPOCH);
    // No traffic under epoch 2, so no third key; but epoch 1's overlap ends an epoch after 2 began.
    peers.now.addAndGet(EPOCH);
    assertThat(peers.deliver(ONE, TWO, underEpochOne, body("late")).status()).isEqualTo(401);
  }

  @Test
  void a_forged_announcement_naming_another_pairs_key_is_refused_and_consumes_nothing() {
    peers.post(ONE, TWO, body("a"));
    // peer-3 lies: asked by peer-1 for its key, it names the key peer-2 drew for peer-1.
    LinkKeyAnnouncement stolen = peers.ring(TWO).receiving(ONE).announcement();
    String roundKey = peers.kmes.roundKey(TWO, ONE);
    LinkKeyAnnouncement forged = new LinkKeyAnnouncement(7, 256, List.of(roundKey));
    SendingLink toThree =
        new SendingLink(
            THREE,
            peers.kmes.stream(ONE, THREE),
            peers.scheme,
            (receiver, unreadable) ->
                java.util.concurrent.CompletableFuture.completedFuture(
                    unreadable.isPresent() ? forged : stolen),
            EPOCH,
            peers.now::get);

    assertThat(toThree.key().toCompletableFuture())
        .failsWithin(java.time.Duration.ofSeconds(5))
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .withMessageContaining("not made for master peer-3");
    // The KME refused both reads: peer-2's round key for peer-1 is still there for the consensus.
    assertThat(peers.kmes.waiting(roundKey)).isTrue();
    assertThat(toThree.view().expired()).isTrue();
    assertThat(toThree.view().failures()).isEqualTo(2);
  }

  @Test
  void a_request_naming_a_key_its_receiver_never_drew_is_refused() {
    peers.post(ONE, TWO, body("a"));
    Signature genuine = peers.sign(ONE, TWO, body("b"));
    java.util.Map<String, String> headers = new java.util.HashMap<>(genuine.headers());
    headers.put(LinkCanonicalRequest.KEY_ID_HEADER, peers.kmes.roundKey(ONE, TWO));
    Answer answer = peers.deliver(ONE, TWO, new Signature(headers, genuine.key()), body("b"));
    assertThat(answer.status()).isEqualTo(401);
    assertThat(peers.rejections.count(Reason.UNKNOWN_LINK_KEY)).isEqualTo(1);
    // A receiver never reads a key because a request names it.
    assertThat(peers.kmes.reads.get()).isEqualTo(1);
  }

  @Test
  void a_kme_outage_across_a_rotation_serves_the_key_for_the_grace_then_refuses_the_link() {
    peers.post(ONE, TWO, body("a"));
    peers.kmes.down(TWO);

    peers.advance(EPOCH);
    assertThat(epochOf(TWO, ONE)).isEqualTo(1);
    assertThat(peers.post(ONE, TWO, body("within the grace")).status()).isEqualTo(202);
    peers.advance(GRACE - 1);
    assertThat(peers.post(ONE, TWO, body("last moment")).status()).isEqualTo(202);

    peers.advance(1);
    Answer refused = peers.post(ONE, TWO, body("after the grace"));
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.error()).contains("expired");
    LinkAuthView inbound = view(TWO, ONE, LinkAuthView.Direction.INBOUND);
    assertThat(inbound.expired()).isTrue();
    assertThat(inbound.refusals()).isGreaterThanOrEqualTo(1);
    assertThat(inbound.lastFailure()).contains("KME unreachable");
    assertThat(peers.rejections.count(Reason.LINK_KEY_EXPIRED)).isGreaterThanOrEqualTo(1);
    // peer-2's KME is down, so it cannot draw peer-3's first key either: nothing is sent unsigned.
    assertThat(peers.trySign(THREE, TWO, body("other link")))
        .failsWithin(java.time.Duration.ofSeconds(5))
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .withCauseInstanceOf(LinkKeyUnavailableException.class);

    peers.kmes.up(TWO);
    peers.advance(ReceivingLink.RETRY_MILLIS);
    assertThat(epochOf(TWO, ONE)).isEqualTo(2);
    assertThat(view(TWO, ONE, LinkAuthView.Direction.INBOUND).expired()).isFalse();
    assertThat(peers.post(ONE, TWO, body("after the KME returned")).status()).isEqualTo(202);
    assertThat(peers.post(THREE, TWO, body("other link")).status()).isEqualTo(202);
  }

  @Test
  void a_restarted_sender_cannot_reread_its_key_so_the_receiver_draws_a_new_one() {
    peers.post(ONE, TWO, body("a"));
    peers.start(ONE);
    peers.advance(REDRAW);

    Answer answer = peers.post(ONE, TWO, body("after restart"));

    assertThat(answer.status()).isEqualTo(202);
    assertThat(epochOf(TWO, ONE)).isEqualTo(2);
  }

  @Test
  void a_sender_that_cannot_read_is_answered_with_a_new_key_at_most_once_per_redraw_interval() {
    peers.post(ONE, TWO, body("a"));
    ReceivingLink link = peers.ring(TWO).receiving(ONE);
    link.asked(OptionalLong.of(1));
    assertThat(epochOf(TWO, ONE)).isEqualTo(1);
    peers.now.addAndGet(REDRAW);
    for (int i = 0; i < 5; i++) {
      link.asked(OptionalLong.of(epochOf(TWO, ONE)));
    }
    assertThat(epochOf(TWO, ONE)).isEqualTo(2);
  }

  @Test
  void a_restarted_receiver_refuses_the_old_key_and_its_answer_lets_the_sender_resend() {
    peers.post(ONE, TWO, body("a"));
    peers.start(TWO);

    Answer answer = peers.post(ONE, TWO, body("after the receiver restarted"));

    assertThat(answer.status()).isEqualTo(202);
    assertThat(view(ONE, TWO, LinkAuthView.Direction.OUTBOUND).epoch()).isEqualTo(1);
    assertThat(peers.rejections.count(Reason.UNKNOWN_LINK_KEY)).isEqualTo(1);
  }

  @Test
  void with_no_key_to_be_had_the_request_is_not_sent_and_is_counted() {
    peers.kmes.down(TWO);
    assertThat(peers.trySign(ONE, TWO, body("a")))
        .failsWithin(java.time.Duration.ofSeconds(5))
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .withCauseInstanceOf(LinkKeyUnavailableException.class);
    LinkAuthView outbound = view(ONE, TWO, LinkAuthView.Direction.OUTBOUND);
    assertThat(outbound.refusals()).isEqualTo(1);
    assertThat(outbound.lastFailure()).contains("KME unreachable");
    // peer-2's KME is the one down: its health says so; peer-1's own KME would serve.
    assertThat(outbound.expired()).isFalse();
  }

  @Test
  void a_restarted_peer_re_establishes_its_links_before_it_has_anything_to_send() {
    peers.post(ONE, TWO, body("a"));
    peers.post(ONE, THREE, body("a"));
    peers.start(ONE);
    assertThat(view(ONE, TWO, LinkAuthView.Direction.OUTBOUND).epoch()).isZero();

    peers.advance(REDRAW);

    assertThat(view(ONE, TWO, LinkAuthView.Direction.OUTBOUND).epoch()).isEqualTo(2);
    assertThat(view(ONE, THREE, LinkAuthView.Direction.OUTBOUND).epoch()).isEqualTo(2);
    assertThat(view(ONE, TWO, LinkAuthView.Direction.OUTBOUND).expired()).isFalse();
  }

  @Test
  void a_tampered_body_or_target_is_refused() {
    peers.post(ONE, TWO, body("a"));
    Signature signature = peers.sign(ONE, TWO, body("b"));
    assertThat(peers.deliver(ONE, TWO, signature, body("B")).status()).isEqualTo(401);
    assertThat(peers.deliver(ONE, THREE, signature, body("b")).status()).isEqualTo(401);
    assertThat(peers.deliver(ONE, TWO, signature, body("b")).status()).isEqualTo(202);
    assertThat(peers.deliver(ONE, TWO, signature, body("b")).status()).isEqualTo(401);
    assertThat(peers.rejections.count(Reason.REPLAYED_NONCE)).isEqualTo(1);
  }

  private LinkAuthView view(PeerId at, PeerId other, LinkAuthView.Direction direction) {
    return peers.ring(at).views().stream()
        .filter(v -> v.peer().equals(other) && v.direction() == direction)
        .findFirst()
        .orElseThrow();
  }
}
