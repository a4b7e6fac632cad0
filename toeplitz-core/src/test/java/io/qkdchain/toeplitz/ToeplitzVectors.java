package io.qkdchain.toeplitz;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** The shared test vectors (a copy of ../shared/vectors/toeplitz.json in test resources). */
record ToeplitzVectors(List<Case> cases) {

  static final String RESOURCE = "/toeplitz-vectors.json";

  record Case(
      ToeplitzFamily family,
      int tagBits,
      byte[] message,
      String roundKeyHex,
      String expectedTag,
      String peerId,
      String expectedHashedSignature,
      String derivedPolynomialLowBits) {

    @Override
    public String toString() {
      return family.wireName() + " t=" + tagBits + " n=" + 8 * message.length + " " + peerId;
    }
  }

  static ToeplitzVectors load() {
    try (InputStream in = ToeplitzVectors.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + RESOURCE);
      }
      List<Case> cases = new ArrayList<>();
      for (JsonNode c : new ObjectMapper().readTree(in).get("cases")) {
        cases.add(
            new Case(
                ToeplitzFamily.fromWireName(c.get("family").asString()),
                c.get("tagBits").asInt(),
                HexFormat.of().parseHex(c.get("messageHex").asString()),
                c.get("roundKeyHex").asString(),
                c.get("expectedTag").asString(),
                c.get("peerId").asString(),
                c.get("expectedHashedSignature").asString(),
                c.has("derivedPolynomialLowBits")
                    ? c.get("derivedPolynomialLowBits").asString()
                    : null));
      }
      return new ToeplitzVectors(List.copyOf(cases));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
