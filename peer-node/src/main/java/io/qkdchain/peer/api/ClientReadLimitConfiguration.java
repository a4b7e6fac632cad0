package io.qkdchain.peer.api;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.qkdchain.peer.config.InvalidPropertyException;
import io.qkdchain.peer.config.PeerSettings;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Registers {@link ClientReadLimit} on the MVC dispatcher, and checks that it leaves at least half
 * of Tomcat's worker pool to the routes that commits need.
 */
@Configuration(proxyBeanMethods = false)
class ClientReadLimitConfiguration {

  /** Tomcat's own default of {@code server.tomcat.threads.max}. */
  private static final int TOMCAT_DEFAULT_THREADS = 200;

  @Bean
  FilterRegistrationBean<ClientReadLimit> clientReadLimit(
      PeerSettings settings, Environment environment, ObjectProvider<MeterRegistry> registry) {
    int maxReads = settings.api().maxConcurrentReads();
    int threads =
        environment.getProperty("server.tomcat.threads.max", Integer.class, TOMCAT_DEFAULT_THREADS);
    if (2 * maxReads > threads) {
      throw new InvalidPropertyException(
          "qkdchain.api.max-concurrent-reads",
          "is "
              + maxReads
              + ", more than half of server.tomcat.threads.max ("
              + threads
              + "): the other half is kept for peer messages and transaction submissions");
    }
    ClientReadLimit limit = new ClientReadLimit(maxReads);
    registry.ifAvailable(
        meters -> {
          Gauge.builder("qkdchain.api.reads.in.flight", limit, ClientReadLimit::inFlight)
              .description("dispatcher requests (client reads, dashboard, metrics) being served")
              .register(meters);
          FunctionCounter.builder("qkdchain.api.reads.refused", limit, ClientReadLimit::refused)
              .description(
                  "dispatcher requests answered 503 because max-concurrent-reads were busy")
              .register(meters);
        });
    FilterRegistrationBean<ClientReadLimit> registration = new FilterRegistrationBean<>(limit);
    registration.setServletNames(
        List.of(DispatcherServletAutoConfiguration.DEFAULT_DISPATCHER_SERVLET_BEAN_NAME));
    // First of the filters mapped to the dispatcher by name (the container runs those mapped by URL
    // pattern, such as the API key check, before them): a refused request costs little else.
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return registration;
  }
}
