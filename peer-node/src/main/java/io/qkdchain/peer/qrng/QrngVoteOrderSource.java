package io.qkdchain.peer.qrng;

import io.qkdchain.peer.consensus.PeerId;
import io.qkdchain.peer.consensus.VoteOrderSource;
import io.qkdchain.qrng.FallbackRandomSource;
import io.qkdchain.qrng.Permutations;
import io.qkdchain.qrng.QrngConfig;
import io.qkdchain.qrng.SecureRandomSource;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vote-chain orders drawn by Fisher-Yates from the QRNG (buffered: one HTTP call serves many
 * draws), with the configured fallback policy; or from SecureRandom when no QRNG is configured.
 * Each order comes whole from one generator and says which.
 */
public final class QrngVoteOrderSource implements VoteOrderSource {

  private static final Logger log = LoggerFactory.getLogger(QrngVoteOrderSource.class);

  private final FallbackRandomSource qrng;
  private final SecureRandomSource secureRandom;

  private QrngVoteOrderSource(FallbackRandomSource qrng, SecureRandomSource secureRandom) {
    this.qrng = qrng;
    this.secureRandom = secureRandom;
  }

  public static QrngVoteOrderSource from(Optional<QrngConfig> config) {
    if (config.isEmpty()) {
      log.info("No QRNG configured (qkdchain.qrng.base-url): vote orders come from SecureRandom");
      return new QrngVoteOrderSource(null, new SecureRandomSource());
    }
    log.info(
        "Vote orders come from the QRNG at {} (fallback: {})",
        config.get().baseUrl(),
        config.get().fallbackPolicy().configName());
    return new QrngVoteOrderSource(FallbackRandomSource.from(config.get()), null);
  }

  /** Over a given generator, for tests. */
  public static QrngVoteOrderSource over(FallbackRandomSource qrng) {
    return new QrngVoteOrderSource(qrng, null);
  }

  /**
   * @throws io.qkdchain.qrng.QrngUnavailableException when the QRNG fails under policy {@code fail}
   */
  @Override
  public DrawnOrder draw(List<PeerId> members) {
    if (qrng == null) {
      return new DrawnOrder(Permutations.shuffle(members, secureRandom), false);
    }
    io.qkdchain.qrng.DrawnOrder<PeerId> drawn = qrng.shuffle(members);
    return new DrawnOrder(drawn.order(), drawn.fromQrng());
  }

  public boolean qrngConfigured() {
    return qrng != null;
  }

  /** Draws served by SecureRandom because the QRNG failed. */
  public long fallbackCount() {
    return qrng == null ? 0 : qrng.fallbackCount();
  }
}
