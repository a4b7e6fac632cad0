package io.qkdchain.peer.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.qkdchain.peer.storage.ChainVerification;
import io.qkdchain.peer.storage.ChainVerifier;
import io.qkdchain.peer.storage.FileStateStore;
import io.qkdchain.peer.transport.HttpTransport;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class QueueAndDiskMetersTest {

  @Test
  void outbox_drops_and_batches_pending_fsyncs_and_the_verification_are_scraped() {
    HttpTransport transport = mock(HttpTransport.class);
    FileStateStore state = mock(FileStateStore.class);
    ChainVerifier chain = mock(ChainVerifier.class);
    when(transport.droppedMessages()).thenReturn(3L);
    when(transport.batchesSent()).thenReturn(41L);
    when(state.pendingFsyncs()).thenReturn(17L);
    when(chain.latest())
        .thenReturn(
            new ChainVerification(
                false,
                2,
                OptionalLong.of(2),
                "checksum",
                ChainVerification.Scope.FULL,
                Instant.now().minusSeconds(30),
                Duration.ofMillis(5)));
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new QueueAndDiskMeters(transport, state, chain).bindTo(registry);

    String page = registry.scrape();
    assertThat(page)
        .contains("qkdchain_outbox_dropped_total 3.0")
        .contains("qkdchain_outbox_batches_total 41.0")
        .contains("qkdchain_pending_fsyncs_total 17.0")
        .contains("qkdchain_chain_verification_valid 0.0")
        .containsPattern("qkdchain_chain_verification_age_seconds [3-9][0-9]\\.");
  }
}
