package io.qkdchain.peer.auth;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.qkdchain.peer.auth.AuthRejections.Reason;
import io.qkdchain.peer.config.AccessSettings;
import io.qkdchain.peer.config.InvalidPropertyException;
import io.qkdchain.peer.config.PeerSettings;
import io.qkdchain.peer.config.QkdchainProperties;
import io.qkdchain.peer.config.QkdchainProperties.PeerAuthMode;
import io.qkdchain.peer.transport.ClaimedSenderAuthenticator;
import io.qkdchain.peer.transport.PeerAuthenticator;
import io.qkdchain.peer.transport.PeerRequestSigner;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Authentication of the peer routes and the client API, from {@code qkdchain.peer-auth.*}. */
@Configuration(proxyBeanMethods = false)
public class AccessConfiguration {

  private static final Logger log = LoggerFactory.getLogger(AccessConfiguration.class);

  @Bean
  AccessSettings accessSettings(QkdchainProperties properties, PeerSettings settings) {
    AccessSettings access = AccessSettings.from(properties, settings.membership());
    if (access.peerAuthMode() == PeerAuthMode.NONE) {
      log.warn(
          "Peer routes are NOT authenticated (qkdchain.peer-auth.mode=none): anyone who can reach"
              + " this port can speak for any member");
    } else {
      log.info(
          "peer routes authenticated by per-link HMAC-SHA256 with {}",
          access.linkSecrets().keySet());
    }
    if (access.apiKey().isPresent()) {
      log.info(
          "client API requires X-API-Key on {}",
          access.protectReads() ? "every route" : "writes (reads stay open)");
    }
    return access;
  }

  @Bean
  AuthRejections authRejections(ObjectProvider<MeterRegistry> registry) {
    AuthRejections rejections = new AuthRejections(Clock.systemUTC());
    registry.ifAvailable(
        meters -> {
          for (Reason reason : Reason.values()) {
            FunctionCounter.builder(
                    "qkdchain.auth.rejected", rejections, r -> (double) r.count(reason))
                .description("requests refused by peer or client API authentication")
                .tag("reason", reason.name().toLowerCase(Locale.ROOT))
                .register(meters);
          }
        });
    return rejections;
  }

  @Bean
  PeerAuthenticator peerAuthenticator(
      AccessSettings access, PeerSettings settings, AuthRejections rejections) {
    if (access.peerAuthMode() == PeerAuthMode.NONE) {
      return new ClaimedSenderAuthenticator(settings.membership());
    }
    return new HmacPeerAuthenticator(
        settings.self(),
        new LinkKeys(access.linkSecrets()),
        access.clockSkew(),
        access.maxNoncesPerPeer(),
        Clock.systemUTC(),
        rejections);
  }

  @Bean
  PeerRequestSigner peerRequestSigner(AccessSettings access, PeerSettings settings) {
    if (access.peerAuthMode() == PeerAuthMode.NONE) {
      return PeerRequestSigner.UNSIGNED;
    }
    return new HmacRequestSigner(
        settings.self(), new LinkKeys(access.linkSecrets()), Clock.systemUTC(), new SecureRandom());
  }

  @Bean
  @ConditionalOnProperty("qkdchain.api.key")
  FilterRegistrationBean<ApiKeyFilter> apiKeyFilter(
      AccessSettings access, AuthRejections rejections) {
    ApiKeyFilter filter =
        new ApiKeyFilter(
            access
                .apiKey()
                .orElseThrow(
                    () -> new InvalidPropertyException("qkdchain.api.key", "must not be empty")),
            access.protectReads(),
            rejections);
    FilterRegistrationBean<ApiKeyFilter> registration = new FilterRegistrationBean<>(filter);
    registration.addUrlPatterns("/api/v1/*", "/receive-transaction");
    // Before anything reads the body or dispatches, so a refused write costs nothing.
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 100);
    return registration;
  }
}
