package io.qkdchain.simulator.emulation;

import io.qkdchain.simulator.config.SimulatorProperties;
import io.qkdchain.simulator.kme.KeyRate;
import io.qkdchain.simulator.kme.PendingKeys;
import io.qkdchain.simulator.stats.SimulatorStats;
import java.security.SecureRandom;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Wires the emulated link (key store, key rate, latency, faults) from {@code sim.*}. */
@Configuration(proxyBeanMethods = false)
class EmulationConfiguration implements WebMvcConfigurer {

  private final SimulatorProperties config;
  private final SimulatorStats stats;

  EmulationConfiguration(SimulatorProperties config, SimulatorStats stats) {
    this.config = config;
    this.stats = stats;
  }

  @Bean
  PendingKeys pendingKeys(Clock clock) {
    return new PendingKeys(config.maxKeyCount(), config.keyTtl(), clock);
  }

  @Bean
  KeyRate keyRate() {
    return new KeyRate(config.keyRateBps(), config.effectiveBurstBits());
  }

  @Bean
  SecureRandom keySource() {
    return new SecureRandom();
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    // The counter goes first: its afterCompletion then runs even when a later interceptor refuses.
    registry
        .addInterceptor(new TrafficCounter(stats))
        .addPathPatterns(Endpoints.ETSI_PATTERNS)
        .addPathPatterns(Endpoints.QRNG_PATTERN);
    registry
        .addInterceptor(new LinkConditions(config.latency(), config.failEvery(), stats))
        .addPathPatterns(Endpoints.ETSI_PATTERNS)
        .addPathPatterns(Endpoints.QRNG_PATTERN);
  }
}
