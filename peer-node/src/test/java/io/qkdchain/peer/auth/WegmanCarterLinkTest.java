package io.qkdchain.peer.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdchain.peer.auth.AuthRejections.Reason;
import io.qkdchain.peer.auth.LinkHarness.Answer;
import io.qkdchain.peer.consensus.PeerId;
import io.qkdchain.peer.transport.PeerRequestSigner.Signature;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code qkdchain.peer-auth.mode=qkd-wegman-carter}: the tag's bits, pads once, replay. */
class WegmanCarterLinkTest {

  static final PeerId ONE = PeerId.of("peer-1");
  static final PeerId TWO = PeerId.of("peer-2");

  private static LinkHarness harness(int tagBits, int pads) {
    return new LinkHarness(
        new LinkTagScheme.WegmanCarter(tagBits, pads),
        LinkHarness.timing(10_000, 5_000, 2_000),
        List.of(ONE, TWO));
  }

  @Test
  void the_reference_irreducibility_test_agrees_with_trial_division_on_small_polynomials() {
    // x^2+x+1, x^3+x+1, x^4+x+1 irreducible; x^2+1, x^4+x^2+1 not.
    assertThat(WegmanCarterReference.irreducible(BigInteger.valueOf(0b111), 2)).isTrue();
    assertThat(WegmanCarterReference.irreducible(BigInteger.valueOf(0b1011), 3)).isTrue();
    assertThat(WegmanCarterReference.irreducible(BigInteger.valueOf(0b10011), 4)).isTrue();
    assertThat(WegmanCarterReference.irreducible(BigInteger.valueOf(0b101), 2)).isFalse();
    assertThat(WegmanCarterReference.irreducible(BigInteger.valueOf(0b10101), 4)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(ints = {64, 128})
  void every_tag_equals_the_bit_by_bit_reference(int tagBits) {
    LinkHarness peers = harness(tagBits, 6);
    Random random = new Random(tagBits);
    for (int request = 0; request < 9; request++) {
      byte[] body = new byte[random.nextInt(300)];
      random.nextBytes(body);
      Signature signature = peers.sign(ONE, TWO, body);
      var headers = signature.headers();
      long epoch = Long.parseLong(headers.get(LinkCanonicalRequest.EPOCH_HEADER));
      String keyId = headers.get(LinkCanonicalRequest.KEY_ID_HEADER);
      int pad = Integer.parseInt(headers.get(LinkCanonicalRequest.PAD_HEADER));
      byte[] message =
          WegmanCarterReference.message(
              "qkd-wegman-carter",
              "POST",
              LinkHarness.TARGET,
              "peer-1",
              "peer-2",
              epoch,
              keyId,
              pad,
              body);

      assertThat(headers.get("X-Qkdchain-Auth"))
          .as("request %d, epoch %d, pad %d", request, epoch, pad)
          .isEqualTo(
              WegmanCarterReference.tagHex(peers.kmes.drawnKey(keyId), tagBits, pad, message));
      assertThat(peers.deliver(ONE, TWO, signature, body).status()).isEqualTo(202);
      peers
          .signer(ONE)
          .answered(
              TWO,
              signature,
              202,
              java.util.Optional.ofNullable(peers.ring(TWO).receiving(ONE).announcement())
                  .map(LinkKeyAnnouncement::format));
    }
  }

  @Test
  void pads_are_taken_in_order_never_twice_and_the_link_moves_to_fresh_keys_when_they_run_out() {
    LinkHarness peers = harness(64, 8);
    Set<String> used = new HashSet<>();
    for (int i = 0; i < 60; i++) {
      byte[] body = ("request " + i).getBytes(StandardCharsets.UTF_8);
      Signature signature = peers.sign(ONE, TWO, body);
      String position =
          signature.headers().get(LinkCanonicalRequest.KEY_ID_HEADER)
              + "/"
              + signature.headers().get(LinkCanonicalRequest.PAD_HEADER);
      assertThat(used.add(position)).as("pad %s used twice", position).isTrue();
      Answer answer = peers.deliver(ONE, TWO, signature, body);
      assertThat(answer.status()).as(answer.error()).isEqualTo(202);
      peers
          .signer(ONE)
          .answered(TWO, signature, 202, java.util.Optional.ofNullable(answer.announcement()))
          .toCompletableFuture()
          .join();
      peers.advance(10);
    }
    // 60 requests at 8 pads an epoch: at least 8 epochs, each drawn (and read) once.
    assertThat(peers.ring(TWO).receiving(ONE).currentEpoch().getAsLong()).isGreaterThanOrEqualTo(8);
    assertThat(peers.kmes.bitsDrawn.get() % ((8 + 2) * 64)).isZero();
  }

  @Test
  void concurrent_senders_never_share_a_pad() throws Exception {
    LinkHarness peers = harness(64, 512);
    peers.post(ONE, TWO, "first".getBytes(StandardCharsets.UTF_8));
    Set<String> positions = ConcurrentHashMap.newKeySet();
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int thread = 0; thread < 4; thread++) {
        done.add(
            threads.submit(
                () -> {
                  for (int i = 0; i < 100; i++) {
                    Signature signature = peers.sign(ONE, TWO, new byte[] {1});
                    positions.add(signature.headers().get(LinkCanonicalRequest.PAD_HEADER));
                  }
                }));
      }
      for (Future<?> future : done) {
        future.get();
      }
    } finally {
      threads.shutdownNow();
    }
    assertThat(positions).hasSize(400);
  }

  @Test
  void a_replayed_request_is_refused_by_its_pad_position() {
    LinkHarness peers = harness(128, 16);
    byte[] body = "once".getBytes(StandardCharsets.UTF_8);
    peers.post(ONE, TWO, body);
    Signature signature = peers.sign(ONE, TWO, body);
    assertThat(peers.deliver(ONE, TWO, signature, body).status()).isEqualTo(202);

    Answer replay = peers.deliver(ONE, TWO, signature, body);

    assertThat(replay.status()).isEqualTo(401);
    assertThat(peers.rejections.count(Reason.REPLAYED_PAD)).isEqualTo(1);
  }

  @Test
  void a_changed_bit_anywhere_in_the_body_is_refused() {
    LinkHarness peers = harness(128, 16);
    byte[] body = new byte[64];
    new Random(7).nextBytes(body);
    peers.post(ONE, TWO, body);
    Signature signature = peers.sign(ONE, TWO, body);
    byte[] changed = body.clone();
    changed[63] ^= 1;
    assertThat(peers.deliver(ONE, TWO, signature, changed).status()).isEqualTo(401);
    assertThat(peers.rejections.count(Reason.BAD_MAC)).isEqualTo(1);
    // A refused tag does not spend the pad: the genuine request still passes.
    assertThat(peers.deliver(ONE, TWO, signature, body).status()).isEqualTo(202);
  }
}
