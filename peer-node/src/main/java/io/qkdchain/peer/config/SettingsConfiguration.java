package io.qkdchain.peer.config;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Binds {@code qkdchain.*} and checks it before anything else is built from it. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(QkdchainProperties.class)
public class SettingsConfiguration {

  @Bean
  PeerSettings peerSettings(QkdchainProperties properties) {
    return PeerSettings.from(properties);
  }
}
