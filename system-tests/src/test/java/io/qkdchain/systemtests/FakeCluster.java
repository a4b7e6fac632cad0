package io.qkdchain.systemtests;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * Peers that commit every transaction at once into one shared chain, and a simulator whose stats
 * say each commit drew {@code bitsPerCommit} key bits: enough of the real interfaces to check what
 * the load generator measures. One peer can be made to report a different chain.
 */
final class FakeCluster implements AutoCloseable {

  private final ObjectMapper json = JsonMapper.builder().build();
  private final List<String> chain = new ArrayList<>(List.of("genesis-hash"));
  private final AtomicLong bitsSinceReset = new AtomicLong();
  private final long bitsPerCommit;
  private final List<HttpServer> servers = new ArrayList<>();
  private final List<URI> peers = new ArrayList<>();
  private final URI simulator;
  private volatile int forkedPeer = -1;

  FakeCluster(int peerCount, long bitsPerCommit) throws IOException {
    this.bitsPerCommit = bitsPerCommit;
    for (int i = 0; i < peerCount; i++) {
      int peer = i;
      peers.add(serve(exchange -> peer(peer, exchange)));
    }
    simulator = serve(this::simulator);
  }

  List<URI> peers() {
    return peers;
  }

  URI simulator() {
    return simulator;
  }

  /** From now on this peer's chain differs from the others' in its last block. */
  void fork(int peer) {
    forkedPeer = peer;
  }

  private interface Handler {
    void handle(HttpExchange exchange) throws IOException;
  }

  private URI serve(Handler handler) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            handler.handle(exchange);
          }
        });
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.start();
    servers.add(server);
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private void peer(int peer, HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    if (exchange.getRequestMethod().equals("POST") && path.equals("/api/v1/transactions")) {
      String data = json.readTree(exchange.getRequestBody()).path("data").asString();
      long index;
      synchronized (chain) {
        index = chain.size();
        chain.add("hash-" + data.hashCode() + "-" + index);
      }
      bitsSinceReset.addAndGet(bitsPerCommit);
      send(
          exchange,
          200,
          json.createObjectNode().put("id", "tx-" + index).put("blockIndex", index).toString());
    } else if (path.equals("/api/v1/blocks")) {
      String query = exchange.getRequestURI().getQuery();
      int from = Integer.parseInt(query.replaceAll(".*from=(\\d+).*", "$1"));
      int limit = Integer.parseInt(query.replaceAll(".*limit=(\\d+).*", "$1"));
      ArrayNode blocks = json.createArrayNode();
      synchronized (chain) {
        for (int i = from; i < Math.min(chain.size(), from + limit); i++) {
          boolean forked = peer == forkedPeer && i == chain.size() - 1;
          blocks.addObject().put("index", i).put("hash", forked ? "forked" : chain.get(i));
        }
      }
      send(exchange, 200, blocks.toString());
    } else {
      send(exchange, 404, "{\"error\":\"no such path\"}");
    }
  }

  private void simulator(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    if (path.equals("/sim/stats/reset")) {
      bitsSinceReset.set(0);
      send(exchange, 200, "{}");
    } else if (path.equals("/sim/stats")) {
      send(exchange, 200, "{\"totals\":{\"bits_made\":" + bitsSinceReset.get() + "}}");
    } else {
      send(exchange, 404, "{}");
    }
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    servers.forEach(server -> server.stop(0));
  }
}
