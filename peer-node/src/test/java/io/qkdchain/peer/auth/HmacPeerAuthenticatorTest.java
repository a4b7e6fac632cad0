package io.qkdchain.peer.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qkdchain.peer.auth.AuthRejections.Reason;
import io.qkdchain.peer.consensus.PeerId;
import io.qkdchain.peer.transport.PeerRejectedException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class HmacPeerAuthenticatorTest {

  private static final PeerId ONE = PeerId.of("peer-1");
  private static final PeerId TWO = PeerId.of("peer-2");
  private static final PeerId THREE = PeerId.of("peer-3");
  private static final byte[] BODY =
      "{\"from\":\"peer-2\",\"messages\":[]}".getBytes(StandardCharsets.UTF_8);

  private final byte[] secret12 = secret(12);
  private final byte[] secret13 = secret(13);
  private final byte[] secret23 = secret(23);
  private final Clock clock = Clock.fixed(Instant.ofEpochMilli(1_764_000_000_000L), ZoneOffset.UTC);
  private final AuthRejections rejections = new AuthRejections(clock);
  private final HmacPeerAuthenticator peerOne =
      new HmacPeerAuthenticator(
          ONE,
          new LinkKeys(Map.of(TWO, secret12, THREE, secret13)),
          Duration.ofSeconds(30),
          64,
          clock,
          rejections);
  private final HmacRequestSigner peerTwo =
      new HmacRequestSigner(
          TWO, new LinkKeys(Map.of(ONE, secret12, THREE, secret23)), clock, new SecureRandom());

  @Test
  void a_signed_request_names_its_sender_who_may_speak_only_as_itself() {
    MockHttpServletRequest request = post(peerTwo.headers(ONE, "POST", "/peer/v1/messages", BODY));
    var caller = peerOne.verify(request, BODY);
    assertThat(caller.speakingAs(TWO)).isEqualTo(TWO);
    assertRefused(() -> caller.speakingAs(THREE), 403, Reason.SENDER_MISMATCH);
  }

  @Test
  void a_get_is_signed_over_its_query_and_an_empty_body() {
    Map<String, String> headers =
        peerTwo.headers(ONE, "GET", "/peer/v1/blocks?from=3&limit=64", new byte[0]);
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/peer/v1/blocks");
    request.setQueryString("from=3&limit=64");
    headers.forEach(request::addHeader);
    assertThat(peerOne.verify(request, new byte[0]).speakingAs(TWO)).isEqualTo(TWO);

    MockHttpServletRequest other = new MockHttpServletRequest("GET", "/peer/v1/blocks");
    other.setQueryString("from=0&limit=64");
    headers.forEach(other::addHeader);
    assertRefused(() -> peerOne.verify(other, new byte[0]), 401, Reason.BAD_MAC);
  }

  @Test
  void missing_or_malformed_credentials_are_401() {
    assertRefused(() -> peerOne.verify(post(Map.of()), BODY), 401, Reason.MISSING_HEADERS);
    Map<String, String> headers =
        new java.util.HashMap<>(peerTwo.headers(ONE, "POST", "/peer/v1/messages", BODY));
    headers.put(CanonicalRequest.AUTH_HEADER, "not-hex");
    assertRefused(() -> peerOne.verify(post(headers), BODY), 401, Reason.MALFORMED_HEADERS);
  }

  @Test
  void a_changed_body_a_wrong_key_or_another_receiver_fails_the_mac() {
    Map<String, String> headers = peerTwo.headers(ONE, "POST", "/peer/v1/messages", BODY);
    byte[] tampered = "{\"from\":\"peer-2\",\"messages\":[ ]}".getBytes(StandardCharsets.UTF_8);
    assertRefused(() -> peerOne.verify(post(headers), tampered), 401, Reason.BAD_MAC);

    Map<String, String> forThree = peerTwo.headers(THREE, "POST", "/peer/v1/messages", BODY);
    assertRefused(() -> peerOne.verify(post(forThree), BODY), 401, Reason.BAD_MAC);

    HmacRequestSigner guessing =
        new HmacRequestSigner(
            TWO, new LinkKeys(Map.of(ONE, secret(99))), clock, new SecureRandom());
    Map<String, String> forged = guessing.headers(ONE, "POST", "/peer/v1/messages", BODY);
    assertRefused(() -> peerOne.verify(post(forged), BODY), 401, Reason.BAD_MAC);
  }

  @Test
  void the_precheck_refuses_bad_headers_before_any_body_is_read_and_passes_good_ones() {
    assertRefused(() -> peerOne.precheck(post(Map.of())), 401, Reason.MISSING_HEADERS);
    Map<String, String> headers = peerTwo.headers(ONE, "POST", "/peer/v1/messages", BODY);
    peerOne.precheck(post(headers));
    assertThat(peerOne.verify(post(headers), BODY).speakingAs(TWO)).isEqualTo(TWO);
  }

  @Test
  void a_replayed_request_is_401() {
    Map<String, String> headers = peerTwo.headers(ONE, "POST", "/peer/v1/messages", BODY);
    peerOne.verify(post(headers), BODY);
    assertRefused(() -> peerOne.verify(post(headers), BODY), 401, Reason.REPLAYED_NONCE);
  }

  @Test
  void a_timestamp_outside_the_window_is_401() {
    Clock late = Clock.offset(clock, Duration.ofSeconds(31));
    HmacRequestSigner slow =
        new HmacRequestSigner(TWO, new LinkKeys(Map.of(ONE, secret12)), late, new SecureRandom());
    Map<String, String> headers = slow.headers(ONE, "POST", "/peer/v1/messages", BODY);
    assertRefused(() -> peerOne.verify(post(headers), BODY), 401, Reason.STALE_TIMESTAMP);
  }

  @Test
  void a_sender_that_shares_no_secret_with_this_peer_is_403() {
    Map<String, String> headers =
        new java.util.HashMap<>(peerTwo.headers(ONE, "POST", "/peer/v1/messages", BODY));
    headers.put(CanonicalRequest.PEER_HEADER, "peer-9");
    assertRefused(() -> peerOne.verify(post(headers), BODY), 403, Reason.NOT_A_MEMBER);
    headers.put(CanonicalRequest.PEER_HEADER, "peer-1");
    assertRefused(() -> peerOne.verify(post(headers), BODY), 403, Reason.NOT_A_MEMBER);
  }

  @Test
  void refusals_are_counted_by_reason() {
    for (int i = 0; i < 3; i++) {
      assertRefused(() -> peerOne.verify(post(Map.of()), BODY), 401, Reason.MISSING_HEADERS);
    }
    assertThat(rejections.count(Reason.MISSING_HEADERS)).isEqualTo(3);
    assertThat(rejections.count(Reason.BAD_MAC)).isZero();
  }

  private void assertRefused(Runnable call, int status, Reason reason) {
    long before = rejections.count(reason);
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            PeerRejectedException.class, e -> assertThat(e.httpStatus()).isEqualTo(status));
    assertThat(rejections.count(reason)).isEqualTo(before + 1);
  }

  private static MockHttpServletRequest post(Map<String, String> headers) {
    MockHttpServletRequest request = new MockHttpServletRequest("POST", "/peer/v1/messages");
    headers.forEach(request::addHeader);
    return request;
  }

  private static byte[] secret(int seed) {
    byte[] secret = new byte[32];
    for (int i = 0; i < secret.length; i++) {
      secret[i] = (byte) (seed * 31 + i);
    }
    return secret;
  }
}
