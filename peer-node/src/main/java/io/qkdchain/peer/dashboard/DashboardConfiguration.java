package io.qkdchain.peer.dashboard;

import io.qkdchain.peer.config.PeerSettings;
import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The dashboard's server half: the live event feed and the link ledger, both fed by the engine's
 * round events. The page itself is {@code static/index.html}, served at {@code /}.
 */
@Configuration(proxyBeanMethods = false)
public class DashboardConfiguration {

  /** Enough for a few 4-peer rounds (about 30 events each) to be replayed to a new page. */
  static final int REPLAY_EVENTS = 256;

  @Bean
  LiveEvents liveEvents() {
    return new LiveEvents(32, 2048, REPLAY_EVENTS, Duration.ofSeconds(15), Duration.ofMinutes(30));
  }

  @Bean
  RoundEventFeed roundEventFeed(PeerSettings settings, LiveEvents events) {
    return new RoundEventFeed(settings.self(), Clock.systemUTC(), events);
  }

  @Bean
  Hypercube hypercube(PeerSettings settings) {
    return new Hypercube(settings.membership().members());
  }

  @Bean
  LinkKeyLedger linkKeyLedger(Hypercube cube, PeerSettings settings) {
    return new LinkKeyLedger(
        cube, settings.self(), Duration.ofSeconds(60), System::currentTimeMillis);
  }
}
