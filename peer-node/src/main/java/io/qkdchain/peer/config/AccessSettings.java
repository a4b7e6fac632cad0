package io.qkdchain.peer.config;

import io.qkdchain.peer.config.QkdchainProperties.PeerAuthMode;
import io.qkdchain.peer.consensus.Membership;
import io.qkdchain.peer.consensus.PeerId;
import io.qkdchain.toeplitz.ToeplitzFamily;
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
    LinkKeyTiming timing,
    int wegmanCarterTagBits,
    int padsPerEpoch,
    Optional<String> apiKey,
    boolean protectReads) {

  /**
   * When QKD link keys rotate: a new one every {@code epoch} once the current one is in use, the
   * current one serving at most {@code grace} past that when its KME cannot deliver, and a key the
   * sender could not read replaced at most once per {@code redrawInterval}.
   */
  public record LinkKeyTiming(Duration epoch, Duration grace, Duration redrawInterval) {}

  /** A link secret's minimum length: 256 bits, the HMAC-SHA256 key size. */
  public static final int MIN_SECRET_BYTES = 32;

  static final int MIN_API_KEY_CHARS = 16;
  private static final int MIN_NONCES = 16;

  static final Duration MIN_EPOCH = Duration.ofMillis(100);
  static final Duration MAX_EPOCH = Duration.ofHours(1);
  static final int MAX_PADS_PER_EPOCH = 4096;

  /**
   * @param links how each link gets round keys: decides the default mode and whether a QKD mode is
   *     possible
   */
  public static AccessSettings from(
      QkdchainProperties p, Membership membership, Map<PeerId, LinkSettings> links) {
    QkdchainProperties.PeerAuth auth = p.peerAuth();
    PeerAuthMode mode = mode(auth.mode(), links);
    String prefix = "qkdchain.peer-auth.secrets.";
    for (String name : auth.secrets().keySet()) {
      PeerId peer = parsePeer(name, prefix + name);
      if (!membership.isMember(peer) || peer.equals(membership.self())) {
        throw new InvalidPropertyException(prefix + name, "names no other member of the cluster");
      }
    }
    if (mode.fromQkd() && !auth.secrets().isEmpty()) {
      String first = auth.secrets().keySet().iterator().next();
      throw new InvalidPropertyException(
          prefix + first,
          "is a static secret, but qkdchain.peer-auth.mode="
              + mode.wireName()
              + " takes each link's keys from its QKD key stream: remove the secrets (they are for"
              + " mode hmac only)");
    }
    Map<PeerId, byte[]> secrets = new LinkedHashMap<>();
    if (mode == PeerAuthMode.HMAC) {
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
    LinkKeyTiming timing = timing(auth);
    QkdchainProperties.WegmanCarter wc = auth.wegmanCarter();
    if (mode == PeerAuthMode.QKD_WEGMAN_CARTER) {
      try {
        ToeplitzFamily.LFSR.validateTagBits(wc.tagBits());
      } catch (IllegalArgumentException e) {
        throw new InvalidPropertyException(
            "qkdchain.peer-auth.wegman-carter.tag-bits", e.getMessage());
      }
      if (wc.tagBits() < 64) {
        throw new InvalidPropertyException(
            "qkdchain.peer-auth.wegman-carter.tag-bits",
            "must be at least 64 (forgery chance n/2^(t-1) per try), got " + wc.tagBits());
      }
      if (wc.padsPerEpoch() < 2 || wc.padsPerEpoch() > MAX_PADS_PER_EPOCH) {
        throw new InvalidPropertyException(
            "qkdchain.peer-auth.wegman-carter.pads-per-epoch",
            "must be between 2 and " + MAX_PADS_PER_EPOCH + ", got " + wc.padsPerEpoch());
      }
    }
    String key = p.api().key();
    if (key != null && (key.isBlank() || key.strip().length() < MIN_API_KEY_CHARS)) {
      // The message never quotes the key.
      throw new InvalidPropertyException(
          "qkdchain.api.key",
          "must be at least " + MIN_API_KEY_CHARS + " non-blank characters when set");
    }
    return new AccessSettings(
        mode,
        Collections.unmodifiableMap(secrets),
        auth.clockSkew(),
        auth.maxNoncesPerPeer(),
        timing,
        wc.tagBits(),
        wc.padsPerEpoch(),
        Optional.ofNullable(key).map(String::strip),
        p.api().protectReads());
  }

  /**
   * The configured mode, or the default: {@code qkd} when any link takes keys from a KME, {@code
   * hmac} when all are classical. A QKD mode needs every link to be a QKD link.
   */
  private static PeerAuthMode mode(PeerAuthMode configured, Map<PeerId, LinkSettings> links) {
    boolean anyQkd = links.values().stream().anyMatch(link -> !link.classical());
    PeerAuthMode mode =
        configured != null ? configured : anyQkd ? PeerAuthMode.QKD : PeerAuthMode.HMAC;
    if (mode.fromQkd()) {
      for (LinkSettings link : links.values()) {
        if (link.classical()) {
          throw new InvalidPropertyException(
              "qkdchain.peer-auth.mode",
              mode.wireName()
                  + " draws each link's key from its QKD key stream, but the link to "
                  + link.peer()
                  + " is classical (qkdchain.keys.source or qkdchain.links."
                  + link.peer()
                  + ".source); use qkdchain.peer-auth.mode=hmac with per-link secrets");
        }
      }
    }
    return mode;
  }

  private static LinkKeyTiming timing(QkdchainProperties.PeerAuth auth) {
    Duration epoch = auth.epoch();
    if (epoch == null || epoch.compareTo(MIN_EPOCH) < 0 || epoch.compareTo(MAX_EPOCH) > 0) {
      throw new InvalidPropertyException(
          "qkdchain.peer-auth.epoch",
          "must lie between " + MIN_EPOCH + " and " + MAX_EPOCH + ", got " + epoch);
    }
    if (auth.grace() == null || auth.grace().isNegative()) {
      throw new InvalidPropertyException(
          "qkdchain.peer-auth.grace", "must be zero or positive, got " + auth.grace());
    }
    if (auth.redrawInterval() == null || auth.redrawInterval().toMillis() < 1) {
      throw new InvalidPropertyException(
          "qkdchain.peer-auth.redraw-interval", "must be positive, got " + auth.redrawInterval());
    }
    return new LinkKeyTiming(epoch, auth.grace(), auth.redrawInterval());
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
        + ", "
        + timing
        + ", apiKey="
        + (apiKey.isPresent() ? "set" : "unset")
        + ", protectReads="
        + protectReads
        + "]";
  }
}
