package io.qkdchain.peer.health;

import io.qkdchain.peer.config.PeerSettings;
import io.qkdchain.peer.qrng.QrngVoteOrderSource;
import io.qkdchain.peer.storage.FileChainStore;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Health beyond the engine's own {@code chain} indicator: {@code chainIntegrity}, {@code kme} and
 * {@code qrng} at {@code /actuator/health} (docs/dashboard.md says which are in readiness).
 */
@Configuration(proxyBeanMethods = false)
public class HealthConfiguration {

  @Bean
  ChainIntegrityHealthIndicator chainIntegrityHealthIndicator(FileChainStore chain) {
    return new ChainIntegrityHealthIndicator(chain);
  }

  @Bean
  KmeHealthIndicator kmeHealthIndicator(PeerSettings settings) {
    return new KmeHealthIndicator(
        settings.links().values(), settings.ownSaeId(), Duration.ofSeconds(5));
  }

  @Bean
  QrngHealthIndicator qrngHealthIndicator(PeerSettings settings, QrngVoteOrderSource orders) {
    return new QrngHealthIndicator(settings.qrng(), orders, Duration.ofSeconds(10));
  }
}
