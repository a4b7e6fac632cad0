package io.qkdchain.peer.auth;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.qkdchain.peer.auth.AuthRejections.Reason;
import io.qkdchain.peer.config.AccessSettings;
import io.qkdchain.peer.config.InvalidPropertyException;
import io.qkdchain.peer.config.PeerSettings;
import io.qkdchain.peer.config.QkdchainProperties;
import io.qkdchain.peer.config.QkdchainProperties.PeerAuthMode;
import io.qkdchain.peer.keys.KmeConnections;
import io.qkdchain.peer.transport.ClaimedSenderAuthenticator;
import io.qkdchain.peer.transport.HttpTransport;
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
    AccessSettings access =
        AccessSettings.from(properties, settings.membership(), settings.links());
    switch (access.peerAuthMode()) {
      case NONE ->
          log.warn(
              "Peer routes are NOT authenticated (qkdchain.peer-auth.mode=none): anyone who can"
                  + " reach this port can speak for any member");
      case HMAC ->
          log.info(
              "peer routes authenticated by per-link HMAC-SHA256 under static secrets with {}",
              access.linkSecrets().keySet());
      case QKD ->
          log.info(
              "peer routes authenticated by HMAC-SHA256 under each link's QKD key, a new key every"
                  + " {} (qkdchain.peer-auth.mode=qkd)",
              access.timing().epoch());
      case QKD_WEGMAN_CARTER ->
          log.info(
              "peer routes authenticated by {}-bit Wegman-Carter tags (Toeplitz hash XOR one-time"
                  + " pad) from each link's QKD key (qkdchain.peer-auth.mode=qkd-wegman-carter)",
              access.wegmanCarterTagBits());
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

  /**
   * The links' QKD authentication keys, in memory only; a disabled ring outside the QKD modes.
   * Closed (its rotation timer stopped) with the context.
   */
  @Bean(destroyMethod = "close")
  LinkKeyRing linkKeyRing(
      AccessSettings access, PeerSettings settings, ObjectProvider<KmeConnections> kmes) {
    if (!access.peerAuthMode().fromQkd()) {
      return LinkKeyRing.disabled(access.timing());
    }
    LinkTagScheme scheme =
        access.peerAuthMode() == PeerAuthMode.QKD_WEGMAN_CARTER
            ? new LinkTagScheme.WegmanCarter(access.wegmanCarterTagBits(), access.padsPerEpoch())
            : new LinkTagScheme.Hmac();
    HttpLinkKeyAnnouncements announcements =
        new HttpLinkKeyAnnouncements(
            settings.self(),
            settings.peerUrls(),
            HttpTransport.defaultClient(settings.transport().connectTimeout()),
            settings.transport().requestTimeout());
    Clock clock = Clock.systemUTC();
    return new LinkKeyRing(
            kmes.getObject().linkKeyStreams(),
            scheme,
            access.timing(),
            announcements,
            clock::millis)
        .start();
  }

  @Bean
  LinkAuthHealthIndicator linkAuthHealthIndicator(
      LinkKeyRing linkKeys, AccessSettings access, ObjectProvider<MeterRegistry> registry) {
    registry.ifAvailable(meters -> LinkAuthMetrics.register(linkKeys, meters));
    return new LinkAuthHealthIndicator(linkKeys, access.peerAuthMode().wireName());
  }

  @Bean
  PeerAuthenticator peerAuthenticator(
      AccessSettings access,
      PeerSettings settings,
      AuthRejections rejections,
      LinkKeyRing linkKeys) {
    if (access.peerAuthMode() == PeerAuthMode.NONE) {
      return new ClaimedSenderAuthenticator(settings.membership());
    }
    if (access.peerAuthMode().fromQkd()) {
      return new QkdLinkAuthenticator(
          settings.self(),
          linkKeys,
          access.clockSkew(),
          access.maxNoncesPerPeer(),
          Clock.systemUTC(),
          rejections);
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
  PeerRequestSigner peerRequestSigner(
      AccessSettings access, PeerSettings settings, LinkKeyRing linkKeys) {
    if (access.peerAuthMode() == PeerAuthMode.NONE) {
      return PeerRequestSigner.UNSIGNED;
    }
    if (access.peerAuthMode().fromQkd()) {
      return new QkdLinkSigner(settings.self(), linkKeys, Clock.systemUTC(), new SecureRandom());
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
