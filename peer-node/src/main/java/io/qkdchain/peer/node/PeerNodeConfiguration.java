package io.qkdchain.peer.node;

import io.micrometer.core.instrument.MeterRegistry;
import io.qkdchain.peer.api.ApiLimits;
import io.qkdchain.peer.api.ClientRateLimits;
import io.qkdchain.peer.api.TransactionIntake;
import io.qkdchain.peer.config.PeerSettings;
import io.qkdchain.peer.consensus.ConsensusEngine;
import io.qkdchain.peer.consensus.ConsensusEvents;
import io.qkdchain.peer.consensus.RoundKeySource;
import io.qkdchain.peer.consensus.Transaction;
import io.qkdchain.peer.keys.KmeConnections;
import io.qkdchain.peer.metrics.MeteredVoteOrderSource;
import io.qkdchain.peer.qrng.QrngVoteOrderSource;
import io.qkdchain.peer.storage.FileChainStore;
import io.qkdchain.peer.storage.FileStateStore;
import io.qkdchain.peer.transport.HttpTransport;
import io.qkdchain.peer.transport.InboundLimits;
import io.qkdchain.peer.transport.InboundMessages;
import io.qkdchain.peer.transport.PeerRequestSigner;
import io.qkdchain.peer.wire.PeerMessageCodec;
import java.security.SecureRandom;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Builds the peer from its checked settings: stores, transport, key and order sources, engine. */
@Configuration(proxyBeanMethods = false)
public class PeerNodeConfiguration {

  @Bean
  SecureRandom secureRandom() {
    return new SecureRandom();
  }

  @Bean
  FileChainStore chainStore(PeerSettings settings) {
    return FileChainStore.open(
        settings.storageDir(),
        new FileChainStore.Options(
            settings.storage().checkpointInterval(),
            settings.storage().verifyInterval(),
            settings.storage().verifyMinInterval(),
            settings.storage().verifyCpuShare(),
            FileChainStore.Options.defaults().firstTableSlots()));
  }

  @Bean
  FileStateStore stateStore(PeerSettings settings, FileChainStore chain) {
    FileStateStore state = FileStateStore.open(settings.storageDir());
    // Forgetting is lazy on disk: drop what was committed before the last stop, so such records
    // do not linger across restarts.
    Set<String> committed =
        state.loadPending().stream()
            .map(Transaction::id)
            .filter(id -> chain.blockIndexOf(id).isPresent())
            .collect(Collectors.toSet());
    state.forgetPending(committed);
    return state;
  }

  @Bean
  PeerMessageCodec peerMessageCodec() {
    return new PeerMessageCodec();
  }

  @Bean
  HttpTransport transport(PeerSettings settings, PeerMessageCodec codec, PeerRequestSigner signer) {
    return new HttpTransport(
        settings.self(),
        settings.peerUrls(),
        codec,
        HttpTransport.defaultClient(settings.transport().connectTimeout()),
        settings.transport().requestTimeout(),
        settings.transport().maxQueuedMessages(),
        signer);
  }

  @Bean
  KmeConnections kmeConnections(PeerSettings settings, SecureRandom random) {
    return new KmeConnections(settings, random);
  }

  @Bean
  QrngVoteOrderSource voteOrderSource(PeerSettings settings) {
    return QrngVoteOrderSource.from(settings.qrng());
  }

  @Bean
  ThreadEventLoop eventLoop(PeerSettings settings) {
    return new ThreadEventLoop("consensus-" + settings.self());
  }

  @Bean
  ConsensusEvents roundStoryLog() {
    return new RoundStoryLog();
  }

  @Bean
  ConsensusEngine consensusEngine(
      PeerSettings settings,
      HttpTransport transport,
      RoundKeySource keys,
      QrngVoteOrderSource orders,
      FileChainStore chain,
      FileStateStore state,
      ThreadEventLoop loop,
      List<ConsensusEvents> listeners,
      MeterRegistry registry) {
    // keys: the links' sources from KmeConnections, metered (io.qkdchain.peer.metrics); orders:
    // counted by origin there too; listeners: the story log, metrics and the dashboard feed.
    return new ConsensusEngine(
        settings.consensus(),
        settings.membership(),
        transport,
        keys,
        new MeteredVoteOrderSource(orders, registry),
        chain,
        state,
        loop,
        new FanOutEvents(listeners));
  }

  @Bean
  EngineLifecycle engineLifecycle(ConsensusEngine engine) {
    return new EngineLifecycle(engine);
  }

  @Bean
  ChainHealthIndicator chainHealthIndicator(FileChainStore chain, EngineLifecycle lifecycle) {
    return new ChainHealthIndicator(chain, lifecycle);
  }

  @Bean
  InboundMessages inboundMessages(ConsensusEngine engine) {
    return engine::receive;
  }

  @Bean
  TransactionIntake transactionIntake(ConsensusEngine engine) {
    return new EngineTransactions(engine);
  }

  @Bean
  InboundLimits inboundLimits(PeerSettings settings) {
    return InboundLimits.of(
        settings.consensus(),
        settings.api().maxBlocksPerPage(),
        settings.api().maxPageBytes().toBytes());
  }

  @Bean
  ClientRateLimits clientRateLimits(PeerSettings settings) {
    return new ClientRateLimits(
        settings.api().blockReadsPerMinute(),
        settings.api().verifyRequestsPerMinute(),
        settings.api().rateLimitedClients());
  }

  @Bean
  ApiLimits apiLimits(PeerSettings settings) {
    return ApiLimits.of(
        settings.consensus().maxTransactionBytes(),
        settings.api().waitTimeout(),
        settings.api().maxBlocksPerPage(),
        settings.api().maxPageBytes().toBytes());
  }
}
