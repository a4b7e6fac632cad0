package io.qkdchain.peer.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.qkdchain.peer.config.SettingsConfiguration;
import jakarta.servlet.FilterChain;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The bound on dispatcher requests: readers held inside their routes take all the permits, the next
 * reader is refused at once with 503 and Retry-After, the exempt routes still pass, and every
 * permit comes back, also from a route that fails.
 */
class ClientReadLimitTest {

  private final ExecutorService readers = Executors.newCachedThreadPool();
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void stop() throws InterruptedException {
    release.countDown();
    readers.shutdownNow();
    assertThat(readers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  /** A route that holds its server thread until the test releases it. */
  private final FilterChain heldRoute =
      (request, response) -> {
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        ((jakarta.servlet.http.HttpServletResponse) response).setStatus(200);
      };

  private static MockHttpServletResponse serve(
      ClientReadLimit limit, String path, FilterChain route) throws Exception {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
    MockHttpServletResponse response = new MockHttpServletResponse();
    limit.doFilter(request, response, route);
    return response;
  }

  @Test
  void readers_beyond_the_bound_are_refused_at_once_and_exempt_routes_still_pass()
      throws Exception {
    ClientReadLimit limit = new ClientReadLimit(3);
    List<Future<MockHttpServletResponse>> held = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      held.add(readers.submit(() -> serve(limit, "/api/v1/blocks", heldRoute)));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> limit.inFlight() == 3);

    MockHttpServletResponse refused = serve(limit, "/api/v1/chain/verify", heldRoute);
    assertThat(refused.getStatus()).isEqualTo(503);
    assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
    assertThat(refused.getContentAsString()).contains("\"reason\":\"BUSY\"");
    assertThat(serve(limit, "/dashboard/index.html", heldRoute).getStatus()).isEqualTo(503);
    assertThat(limit.refused()).isEqualTo(2);

    FilterChain answers = (request, response) -> {};
    assertThat(serve(limit, "/peer/v1/blocks", answers).getStatus()).isEqualTo(200);
    assertThat(serve(limit, "/actuator/health/readiness", answers).getStatus()).isEqualTo(200);
    assertThat(limit.inFlight()).isEqualTo(3);

    release.countDown();
    for (Future<MockHttpServletResponse> reader : held) {
      assertThat(reader.get(10, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
    }
    assertThat(limit.inFlight()).isZero();
    assertThat(serve(limit, "/api/v1/blocks", answers).getStatus()).isEqualTo(200);
  }

  @Test
  void a_route_that_fails_gives_its_permit_back() throws Exception {
    ClientReadLimit limit = new ClientReadLimit(1);
    FilterChain failing =
        (request, response) -> {
          throw new IllegalStateException("the route failed");
        };
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> serve(limit, "/api/v1/blocks", failing))
          .hasMessage("the route failed");
      assertThat(limit.inFlight()).isZero();
    }
    assertThat(serve(limit, "/api/v1/blocks", (request, response) -> {}).getStatus())
        .isEqualTo(200);
    assertThat(limit.refused()).isZero();
  }

  @Configuration(proxyBeanMethods = false)
  static class Meters {
    @Bean
    MeterRegistry meterRegistry() {
      return new SimpleMeterRegistry();
    }
  }

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withUserConfiguration(
              SettingsConfiguration.class, ClientReadLimitConfiguration.class, Meters.class)
          .withPropertyValues(
              "qkdchain.peer-id=peer-1",
              "qkdchain.peers[0].id=peer-1",
              "qkdchain.peers[0].url=http://127.0.0.1:8081",
              "qkdchain.peers[1].id=peer-2",
              "qkdchain.peers[1].url=http://127.0.0.1:8082",
              "qkdchain.peers[2].id=peer-3",
              "qkdchain.peers[2].url=http://127.0.0.1:8083",
              "qkdchain.peers[3].id=peer-4",
              "qkdchain.peers[3].url=http://127.0.0.1:8084",
              "qkdchain.keys.source=classical");

  @Test
  void the_bound_is_registered_on_the_dispatcher_with_its_meters() {
    runner
        .withPropertyValues("qkdchain.api.max-concurrent-reads=5", "server.tomcat.threads.max=10")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              FilterRegistrationBean<?> registration =
                  context.getBean(FilterRegistrationBean.class);
              assertThat(registration.getServletNames()).containsExactly("dispatcherServlet");
              assertThat(((ClientReadLimit) registration.getFilter()).maxConcurrent()).isEqualTo(5);
              MeterRegistry meters = context.getBean(MeterRegistry.class);
              assertThat(meters.get("qkdchain.api.reads.in.flight").gauge().value()).isZero();
              assertThat(meters.get("qkdchain.api.reads.refused").functionCounter().count())
                  .isZero();
            });
  }

  @Test
  void a_bound_that_leaves_less_than_half_of_the_pool_is_refused_by_name() {
    runner
        .withPropertyValues("qkdchain.api.max-concurrent-reads=13", "server.tomcat.threads.max=24")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("qkdchain.api.max-concurrent-reads")
                    .hasMessageContaining("server.tomcat.threads.max (24)"));
    runner
        .withPropertyValues("qkdchain.api.max-concurrent-reads=0")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("qkdchain.api.max-concurrent-reads"));
  }
}
