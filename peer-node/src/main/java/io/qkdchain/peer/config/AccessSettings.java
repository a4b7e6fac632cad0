package io.qkdchain.peer.config;

import io.qkdchain.peer.config.QkdchainProperties.PeerAuthMode;
import io.qkdchain.peer.consensus.Membership;
import io.qkdchain.peer.consensus.PeerId;
import java.time.Duration;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Who may call this peer, checked: the per-link secrets of the peer routes and the client API key
 * (docs/security.md). {@link #from} throws {@link InvalidPropertyException} naming the bad key.
 * Never prints a secret.
 */
public record AccessSettings(
    PeerAuthMode peerAuthMode,
    Map<PeerId, byte[]> linkSecrets,
    Duration clockSkew,
    int maxNoncesPerPeer,
    Optional<String> apiKey,
    boolean protectReads) {

  /** A link secret's minimum length: 256 bits, the HMAC-SHA256 key size. */
  public static final int MIN_SECRET_BYTES = 32;

  static final int MIN_API_KEY_CHARS = 16;
  private static final int MIN_NONCES = 16;

  public static AccessSettings from(QkdchainProperties p, Membership membership) {
    QkdchainProperties.PeerAuth auth = p.peerAuth();
    String prefix = "qkdchain.peer-auth.secrets.";
    for (String name : auth.secrets().keySet()) {
      PeerId peer = parsePeer(name, prefix + name);
      if (!membership.isMember(peer) || peer.equals(membership.self())) {
        throw new InvalidPropertyException(prefix + name, "names no other member of the cluster");
      }
    }
    Map<PeerId, byte[]> secrets = new LinkedHashMap<>();
    if (auth.mode() == PeerAuthMode.HMAC) {
      for (PeerId other : membership.others()) {
        secrets.put(other, secret(auth.secrets().get(other.value()), prefix + other.value()));
      }
    }
    if (auth.clockSkew() == null || auth.clockSkew().toMillis() < 1) {
      throw new InvalidPropertyException(
          "qkdchain.peer-auth.clock-skew", "must be at least 1ms, got " + auth.clockSkew());
    }
    if (auth.maxNoncesPerPeer() < MIN_NONCES) {
      throw new InvalidPropertyException(
          "qkdchain.peer-auth.max-nonces-per-peer",
          "must be at least " + MIN_NONCES + ", got " + auth.maxNoncesPerPeer());
    }
    String key = p.api().key();
    if (key != null && (key.isBlank() || key.strip().length() < MIN_API_KEY_CHARS)) {
      // The message never quotes the key.
      throw new InvalidPropertyException(
          "qkdchain.api.key",
          "must be at least " + MIN_API_KEY_CHARS + " non-blank characters when set");
    }
    return new AccessSettings(
        auth.mode(),
        Collections.unmodifiableMap(secrets),
        auth.clockSkew(),
        auth.maxNoncesPerPeer(),
        Optional.ofNullable(key).map(String::strip),
        p.api().protectReads());
  }

  private static byte[] secret(String hex, String key) {
    if (hex == null || hex.isBlank()) {
      throw new InvalidPropertyException(
          key,
          "is required with qkdchain.peer-auth.mode=hmac: the hex secret shared with that peer ("
              + MIN_SECRET_BYTES
              + " random bytes or more), or set qkdchain.peer-auth.mode=none");
    }
    byte[] bytes;
    try {
      bytes = HexFormat.of().parseHex(hex.strip());
    } catch (IllegalArgumentException e) {
      throw new InvalidPropertyException(key, "must be hexadecimal (an even number of 0-9a-f)");
    }
    if (bytes.length < MIN_SECRET_BYTES) {
      throw new InvalidPropertyException(
          key,
          "must be at least "
              + MIN_SECRET_BYTES
              + " bytes ("
              + 2 * MIN_SECRET_BYTES
              + " hex digits), got "
              + bytes.length);
    }
    return bytes;
  }

  private static PeerId parsePeer(String value, String key) {
    try {
      return PeerId.of(value);
    } catch (IllegalArgumentException e) {
      throw new InvalidPropertyException(key, e.getMessage());
    }
  }

  @Override
  public String toString() {
    return "AccessSettings[peerAuthMode="
        + peerAuthMode
        + ", secrets for "
        + linkSecrets.keySet()
        + ", clockSkew="
        + clockSkew
        + ", maxNoncesPerPeer="
        + maxNoncesPerPeer
        + ", apiKey="
        + (apiKey.isPresent() ? "set" : "unset")
        + ", protectReads="
        + protectReads
        + "]";
  }
}
