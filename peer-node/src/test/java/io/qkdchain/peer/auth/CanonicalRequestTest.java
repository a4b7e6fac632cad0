package io.qkdchain.peer.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdchain.peer.consensus.PeerId;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The worked example of docs/messages.md ("Peer authentication"); the expected values were computed
 * independently with Python's {@code hmac} and {@code hashlib}.
 */
class CanonicalRequestTest {

  private static final byte[] SECRET =
      HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
  private static final byte[] BODY =
      "{\"from\":\"peer-2\",\"messages\":[]}".getBytes(StandardCharsets.UTF_8);
  private static final String BODY_SHA256 =
      "80fa6e747870e752cd81e8f327b7cac01ea21b3a1d4b4dc5b1ef08338c7f1200";
  private static final String MAC =
      "0a38d4cc0ce6a0521b27a5429f9429f95f411dd4b308e3e7db44af37662b4fca";

  private final CanonicalRequest example =
      CanonicalRequest.of(
          "POST",
          "/peer/v1/messages",
          PeerId.of("peer-2"),
          PeerId.of("peer-1"),
          1764172472149L,
          "00112233445566778899aabbccddeeff",
          BODY);

  @Test
  void the_mac_covers_exactly_the_documented_lines() {
    assertThat(new String(example.bytes(), StandardCharsets.UTF_8))
        .isEqualTo(
            "QKDCHAIN-PEER-AUTH-v1\nPOST\n/peer/v1/messages\npeer-2\npeer-1\n1764172472149\n"
                + "00112233445566778899aabbccddeeff\n"
                + BODY_SHA256);
  }

  @Test
  void the_documented_example_mac_is_reproduced() {
    LinkKeys keys = new LinkKeys(Map.of(PeerId.of("peer-1"), SECRET));
    assertThat(HexFormat.of().formatHex(keys.mac(PeerId.of("peer-1"), example.bytes())))
        .isEqualTo(MAC);
  }

  @Test
  void the_body_hash_of_an_empty_get_is_the_hash_of_no_bytes() {
    assertThat(CanonicalRequest.sha256Hex(new byte[0]))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }
}
