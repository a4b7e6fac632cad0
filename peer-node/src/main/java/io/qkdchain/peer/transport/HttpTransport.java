package io.qkdchain.peer.transport;

import io.qkdchain.peer.consensus.CommittedBlock;
import io.qkdchain.peer.consensus.PeerId;
import io.qkdchain.peer.consensus.PeerMessage;
import io.qkdchain.peer.consensus.Transport;
import io.qkdchain.peer.wire.PeerMessageCodec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The classical channel over HTTP with the JDK client's non-blocking {@code sendAsync}. Messages
 * for one peer are coalesced by its {@link Outbox} into {@code POST /peer/v1/messages} batches; a
 * failed request fails the stage of every message in it, which is how the engine learns to skip an
 * unreachable peer in a vote chain.
 */
public final class HttpTransport implements Transport {

  /** The response header announcing a link's current QKD key (docs/messages.md). */
  static final String LINK_KEY_HEADER = "X-Qkdchain-Link-Key";

  /** Small messages share a request up to this size; a larger one travels alone. */
  static final int BATCH_BYTES = 1024 * 1024;

  private final PeerId self;
  private final Map<PeerId, URI> urls;
  private final PeerMessageCodec codec;
  private final HttpClient http;
  private final Duration requestTimeout;
  private final int maxQueuedMessages;
  private final PeerRequestSigner signer;
  private final Map<PeerId, Outbox> outboxes = new ConcurrentHashMap<>();
  private final ThreadLocal<Set<Outbox>> holding = new ThreadLocal<>();

  public HttpTransport(
      PeerId self,
      Map<PeerId, URI> urls,
      PeerMessageCodec codec,
      HttpClient http,
      Duration requestTimeout,
      int maxQueuedMessages,
      PeerRequestSigner signer) {
    this.self = self;
    this.urls = Map.copyOf(urls);
    this.codec = codec;
    this.http = http;
    this.requestTimeout = requestTimeout;
    this.maxQueuedMessages = maxQueuedMessages;
    this.signer = signer;
  }

  /**
   * An HTTP/1.1 client with the given connect timeout (h2c upgrades only cost a round trip).
   * Completions run on the client's own selector thread rather than hopping to a pool: what follows
   * a response (completing stages, posting to the event loop, sending the next batch) never blocks,
   * and on this kind of VM each thread wake-up costs milliseconds (measured: 351 to 977 committed
   * tx/s under load, docs/performance.md).
   */
  public static HttpClient defaultClient(Duration connectTimeout) {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(connectTimeout)
        .executor(Runnable::run)
        .build();
  }

  @Override
  public CompletionStage<Void> send(PeerId to, PeerMessage message) {
    URI base = urls.get(to);
    if (base == null) {
      return CompletableFuture.failedFuture(
          new PeerUnreachableException(to, "not a member of this cluster", null));
    }
    Outbox outbox =
        outboxes.computeIfAbsent(
            to,
            peer ->
                new Outbox(peer, maxQueuedMessages, BATCH_BYTES, batch -> post(peer, base, batch)));
    byte[] json = codec.encode(message);
    Set<Outbox> held = holding.get();
    if (held == null) {
      return outbox.enqueue(json);
    }
    held.add(outbox);
    return outbox.hold(json);
  }

  /**
   * Holds what {@code task} sends on this thread until it returns, then sends each peer's messages
   * in one request (or joins them to the one in flight). Nested calls hold for the outermost.
   */
  @Override
  public void batched(Runnable task) {
    if (holding.get() != null) {
      task.run();
      return;
    }
    Set<Outbox> held = new LinkedHashSet<>();
    holding.set(held);
    try {
      task.run();
    } finally {
      holding.remove();
      held.forEach(Outbox::release);
    }
  }

  @Override
  public CompletionStage<List<CommittedBlock>> fetchBlocks(PeerId from, long fromIndex, int limit) {
    URI base = urls.get(from);
    if (base == null) {
      return CompletableFuture.failedFuture(
          new PeerUnreachableException(from, "not a member of this cluster", null));
    }
    URI uri = base.resolve("/peer/v1/blocks?from=" + fromIndex + "&limit=" + limit);
    // Decoding a page of blocks can take a while: off the client's selector thread.
    return exchange(
            from,
            "GET",
            uri,
            new byte[0],
            builder -> builder.header("Accept", "application/json").GET(),
            HttpResponse.BodyHandlers.ofByteArray(),
            true)
        .handleAsync(
            (response, failure) -> {
              if (failure != null) {
                throw new CompletionException(unreachable(from, "blocks request", failure));
              }
              if (response.statusCode() != 200) {
                throw new CompletionException(
                    new PeerUnreachableException(
                        from, "blocks request answered HTTP " + response.statusCode(), null));
              }
              return codec.decodeBlocks(response.body());
            });
  }

  /** Messages dropped because a peer's outbound queue was full. */
  public long droppedMessages() {
    return outboxes.values().stream().mapToLong(Outbox::dropped).sum();
  }

  /** Batches posted so far, over all peers. */
  public long batchesSent() {
    return outboxes.values().stream().mapToLong(Outbox::requests).sum();
  }

  private CompletableFuture<Void> post(PeerId to, URI base, List<byte[]> batch) {
    URI uri = base.resolve("/peer/v1/messages");
    byte[] body = codec.batchBody(self, batch);
    return exchange(
            to,
            "POST",
            uri,
            body,
            builder ->
                builder
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)),
            HttpResponse.BodyHandlers.ofString(),
            true)
        .handle(
            (response, failure) -> {
              if (failure != null) {
                throw new CompletionException(unreachable(to, "request", failure));
              }
              if (response.statusCode() / 100 != 2) {
                throw new CompletionException(
                    new PeerUnreachableException(
                        to,
                        "answered HTTP "
                            + response.statusCode()
                            + " "
                            + abbreviate(response.body()),
                        null));
              }
              return null;
            });
  }

  /**
   * Signs and sends one request; when the answer is a 401 under a link key the receiver has since
   * replaced, signs it again under the new key and sends it once more (the refused request changed
   * nothing at the receiver, so this is no duplicate).
   */
  private <T> CompletableFuture<HttpResponse<T>> exchange(
      PeerId to,
      String method,
      URI uri,
      byte[] body,
      UnaryOperator<HttpRequest.Builder> shape,
      HttpResponse.BodyHandler<T> handler,
      boolean mayRetry) {
    String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    return signer
        .sign(to, method, target, body)
        .toCompletableFuture()
        .thenCompose(
            signature -> {
              HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(requestTimeout);
              signature.headers().forEach(builder::header);
              return http.sendAsync(shape.apply(builder).build(), handler)
                  .thenCompose(
                      response ->
                          signer
                              .answered(
                                  to,
                                  signature,
                                  response.statusCode(),
                                  response.headers().firstValue(LINK_KEY_HEADER))
                              .toCompletableFuture()
                              .thenCompose(
                                  again ->
                                      again && mayRetry
                                          ? exchange(to, method, uri, body, shape, handler, false)
                                          : CompletableFuture.completedFuture(response)));
            });
  }

  private static PeerUnreachableException unreachable(PeerId to, String what, Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    if (cause instanceof PeerUnreachableException unreachable) {
      return unreachable;
    }
    return new PeerUnreachableException(to, what + " failed: " + cause, cause);
  }

  private static String abbreviate(String body) {
    return body.length() > 200 ? body.substring(0, 200) + "..." : body;
  }
}
