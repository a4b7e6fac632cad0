package io.qkdchain.bench.cluster;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import javax.net.ssl.SSLException;

/**
 * The transport of {@link LoadGenerator}: one keep-alive HTTP/1.1 connection per transaction in
 * flight, spread over the peers in turn, each a closed loop that sends its next submission from the
 * event loop the moment the last one is answered, as wrk drives a server. One event-loop thread for
 * all of them, and no hand-off between threads per request: the JDK HTTP client's hand-offs made
 * this generator cost four times wrk's CPU per transaction, and the late resubmissions made smaller
 * blocks (docs/performance.md, "Thirteenth session").
 */
final class SubmissionLanes implements AutoCloseable {

  /** What a lane does with each answer and failure; the load generator counts. */
  interface Listener {
    /** Whether to send another submission (and counts it as submitted if so). */
    boolean takeTicket();

    /** The next transaction's text. */
    String nextPayload();

    /**
     * An answer to a submission sent at {@code sentNanos}: completes once the transaction is
     * settled (committed, failed, or polled to its end), after which the lane sends its next.
     */
    CompletableFuture<Void> answered(URI peer, long sentNanos, PeerClient.Submission submission);

    /** A submission sent at {@code sentNanos} that got no answer. */
    void failed(URI peer, long sentNanos, Throwable cause);
  }

  private static final Duration RECONNECT_PAUSE = Duration.ofMillis(200);
  private static final int MAX_RESPONSE_BYTES = 1 << 20;

  private final EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final Listener listener;
  private final BiFunction<Integer, String, PeerClient.Submission> parser;
  private final Duration timeout;
  private SslContext tls; // made by run() only when a peer is https

  SubmissionLanes(
      Listener listener,
      BiFunction<Integer, String, PeerClient.Submission> parser,
      Duration timeout) {
    this.listener = listener;
    this.parser = parser;
    this.timeout = timeout;
  }

  private static SslContext clientTls() {
    try {
      return SslContextBuilder.forClient().build();
    } catch (SSLException e) {
      throw new IllegalStateException("cannot set up TLS for https peers: " + e.getMessage(), e);
    }
  }

  /**
   * Runs {@code lanes} lanes over {@code peers} (lane i on peer i mod n) until each finds no more
   * tickets and its last answer is settled, or {@code patience} runs out.
   *
   * @return whether every lane finished in time
   */
  boolean run(List<URI> peers, int lanes, Duration patience) throws InterruptedException {
    if (tls == null && peers.stream().anyMatch(peer -> "https".equals(peer.getScheme()))) {
      tls = clientTls();
    }
    CountDownLatch finished = new CountDownLatch(lanes);
    for (int i = 0; i < lanes; i++) {
      Lane lane = new Lane(peers.get(i % peers.size()), finished);
      loop.execute(lane::connect);
    }
    return finished.await(patience.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** One connection and its closed loop of submissions. Runs on the event loop only. */
  private final class Lane extends SimpleChannelInboundHandler<FullHttpResponse> {
    private final URI peer;
    private final String target;
    private final String host;
    private final CountDownLatch finished;
    private final ScheduledFuture<?> overdueCheck;
    private Channel channel;
    private long sentNanos;
    private boolean awaitingAnswer;
    private boolean settling;
    private boolean failedOnChannel;
    private boolean done;

    Lane(URI peer, CountDownLatch finished) {
      this.peer = peer;
      String path = peer.getRawPath() == null ? "" : peer.getRawPath().replaceAll("/+$", "");
      this.target = path + "/api/v1/transactions?wait=true";
      this.host = peer.getHost() + ":" + port(peer);
      this.finished = finished;
      this.overdueCheck = loop.scheduleAtFixedRate(this::closeIfOverdue, 1, 1, TimeUnit.SECONDS);
    }

    void connect() {
      boolean secure = "https".equals(peer.getScheme());
      ChannelFuture connecting =
          new Bootstrap()
              .group(loop)
              .channel(NioSocketChannel.class)
              .option(ChannelOption.TCP_NODELAY, true)
              .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
              .handler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                      if (secure) {
                        ch.pipeline()
                            .addLast(tls.newHandler(ch.alloc(), peer.getHost(), port(peer)));
                      }
                      ch.pipeline()
                          .addLast(new HttpClientCodec())
                          .addLast(new HttpObjectAggregator(MAX_RESPONSE_BYTES))
                          .addLast(Lane.this);
                    }
                  })
              .connect(peer.getHost(), port(peer));
      connecting.addListener(
          connected -> {
            if (connected.isSuccess()) {
              channel = connecting.channel();
              sendNextIfIdle();
            } else if (listener.takeTicket()) {
              // The ticket is spent on the failure, so a peer that is down cannot make a counted
              // run endless; a timed run keeps retrying at a bounded pace.
              listener.failed(peer, System.nanoTime(), connected.cause());
              reconnect(RECONNECT_PAUSE);
            } else {
              finish();
            }
          });
    }

    /** Sends the next submission unless one is out, or the last is still being settled. */
    private void sendNextIfIdle() {
      if (!done && !settling && !awaitingAnswer && channel != null && channel.isActive()) {
        sendNext();
      }
    }

    private void sendNext() {
      if (!listener.takeTicket()) {
        finish();
        return;
      }
      byte[] body =
          ("{\"data\":\"" + listener.nextPayload() + "\"}").getBytes(StandardCharsets.UTF_8);
      FullHttpRequest request =
          new DefaultFullHttpRequest(
              HttpVersion.HTTP_1_1, HttpMethod.POST, target, Unpooled.wrappedBuffer(body));
      request
          .headers()
          .set(HttpHeaderNames.HOST, host)
          .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
          .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
      sentNanos = System.nanoTime();
      awaitingAnswer = true;
      channel.writeAndFlush(request);
    }

    /** Closes a connection whose answer is overdue; channelInactive counts the failure. */
    private void closeIfOverdue() {
      if (awaitingAnswer && System.nanoTime() - sentNanos >= timeout.toNanos() && channel != null) {
        channel.close();
      }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
      awaitingAnswer = false;
      boolean keepAlive = HttpUtil.isKeepAlive(response);
      PeerClient.Submission submission =
          parser.apply(
              response.status().code(), response.content().toString(StandardCharsets.UTF_8));
      CompletableFuture<Void> settled = listener.answered(peer, sentNanos, submission);
      if (!keepAlive) {
        // The server closes after this answer (Tomcat: every 100th request on a connection):
        // the next submission goes on a new connection, opened once this one is gone.
        channel = null;
        ctx.close();
      }
      if (settled.isDone()) {
        sendNextIfIdle();
      } else {
        settling = true;
        settled.whenComplete(
            (ignored, failure) ->
                loop.execute(
                    () -> {
                      settling = false;
                      sendNextIfIdle();
                    }));
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      boolean failed = failedOnChannel || awaitingAnswer;
      if (awaitingAnswer) {
        awaitingAnswer = false;
        listener.failed(peer, sentNanos, new IllegalStateException("connection closed"));
      }
      failedOnChannel = false;
      // After a failure, a pause: a peer that refuses or drops everything is not hammered.
      reconnect(failed ? RECONNECT_PAUSE : Duration.ZERO);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      failedOnChannel = true;
      if (awaitingAnswer) {
        awaitingAnswer = false;
        listener.failed(peer, sentNanos, cause);
      }
      ctx.close();
    }

    private void reconnect(Duration pause) {
      if (done) {
        return;
      }
      channel = null;
      if (pause.isZero()) {
        connect();
      } else {
        loop.schedule(this::connect, pause.toMillis(), TimeUnit.MILLISECONDS);
      }
    }

    private void finish() {
      if (!done) {
        done = true;
        overdueCheck.cancel(false);
        if (channel != null) {
          channel.close();
        }
        finished.countDown();
      }
    }

    @Override
    public boolean isSharable() {
      return true; // one lane, one channel at a time: reconnects add it to the next channel
    }
  }

  private static int port(URI peer) {
    if (peer.getPort() > 0) {
      return peer.getPort();
    }
    return "https".equals(peer.getScheme()) ? 443 : 80;
  }
}
