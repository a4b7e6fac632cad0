package io.qkdchain.etsi014;

import io.netty.channel.ChannelOption;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The three ETSI GS QKD 014 operations against one KME, in the GET or POST form its {@link
 * KmeConfig} selects. Every answer is checked before it is returned; failures arrive as {@link
 * KmeException}s, retried per the {@link RetryPolicy} when they may pass.
 *
 * <p>Paths: {@code status} and {@code enc_keys} name the <em>slave</em> SAE, {@code dec_keys} names
 * the <em>master</em> SAE that asked for the keys.
 */
public final class Etsi014Client implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Etsi014Client.class);
  private static final byte[] NO_BODY = new byte[0];

  private final KmeConfig config;
  private final ConnectionProvider connections;
  private final WebClient web;
  private final KeyCallRetry retry;

  public Etsi014Client(KmeConfig config) {
    this.config = config;
    this.connections = ConnectionProvider.create("kme-" + config.ownSaeId());
    HttpClient http =
        HttpClient.create(connections)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeout().toMillis())
            .responseTimeout(config.readTimeout());
    if ("https".equalsIgnoreCase(config.baseUrl().getScheme())) {
      SslContext ssl = sslContext(config.tls());
      http = http.secure(spec -> spec.sslContext(ssl));
    }
    this.web = WebClient.builder().clientConnector(new ReactorClientHttpConnector(http)).build();
    this.retry = new KeyCallRetry(config.retry());
  }

  private static SslContext sslContext(TlsConfig tls) {
    // Netty keeps the client's key in an in-memory key store. The default type, PKCS#12, seals
    // the key with 10,000 rounds of PBKDF2 and unseals it again, some hundreds of milliseconds of
    // a start before the JIT has compiled SHA-256; JKS seals it with a cheap digest. The store
    // never leaves memory, so its format protects nothing either way.
    SslContextBuilder builder = SslContextBuilder.forClient().keyStoreType("JKS");
    if (tls != null) {
      ClientTls.configure(builder, tls);
    }
    try {
      return builder.build();
    } catch (SSLException e) {
      throw new IllegalArgumentException("cannot build the TLS context: " + e.getMessage(), e);
    }
  }

  public KmeConfig config() {
    return config;
  }

  /** Get status: {@code GET /api/v1/keys/{slave_SAE_ID}/status}. */
  public Mono<KeyStatus> status(String slaveSaeId) {
    requireSaeId(slaveSaeId, "slaveSaeId");
    URI uri = uri(slaveSaeId, "status", Map.of());
    return call("status", HttpMethod.GET, uri, null, Etsi014Json::readStatus);
  }

  /**
   * Get key: {@code enc_keys} for the slave. The answer must hold exactly {@code number} keys, each
   * of {@code size} bits when a size was asked for.
   */
  public Mono<KeyContainer> getKeys(String slaveSaeId, KeyRequest request) {
    requireSaeId(slaveSaeId, "slaveSaeId");
    if (config.method() == HttpForm.GET && request.needsBody()) {
      throw new IllegalArgumentException(
          "additional slave SAE IDs and extensions need the POST form; this KME is set to GET");
    }
    log.info(
        "Requesting {} key(s) of {} from KME {} for slave {} (own SAE {})",
        request.number(),
        request.size() == null ? "default size" : request.size() + " bits",
        config.baseUrl(),
        slaveSaeId,
        config.ownSaeId());
    Mono<KeyContainer> answer;
    if (config.method() == HttpForm.GET) {
      Map<String, Object> query = new LinkedHashMap<>();
      query.put("number", request.number());
      if (request.size() != null) {
        query.put("size", request.size());
      }
      answer =
          call(
              "enc_keys", HttpMethod.GET, uri(slaveSaeId, "enc_keys", query), null, this::readKeys);
    } else {
      answer =
          call(
              "enc_keys",
              HttpMethod.POST,
              uri(slaveSaeId, "enc_keys", Map.of()),
              Etsi014Json.writeKeyRequest(request),
              this::readKeys);
    }
    return answer.map(container -> checkedEncKeys(container, request)).doOnNext(this::logReceived);
  }

  /**
   * Get key with key IDs: {@code dec_keys} of the master. The answer must hold exactly the asked
   * IDs; the keys come back in the order of {@code keyIds}, whatever the server's order. The
   * standard's GET form carries one key ID, so several IDs make several GET requests.
   */
  public Mono<KeyContainer> getKeysWithIds(String masterSaeId, List<String> keyIds) {
    requireSaeId(masterSaeId, "masterSaeId");
    List<String> ids = requireKeyIds(keyIds);
    log.info(
        "Requesting {} key(s) by ID from KME {} for master {}",
        ids.size(),
        config.baseUrl(),
        masterSaeId);
    Mono<KeyContainer> answer;
    if (config.method() == HttpForm.POST) {
      answer =
          call(
              "dec_keys",
              HttpMethod.POST,
              uri(masterSaeId, "dec_keys", Map.of()),
              Etsi014Json.writeKeyIds(ids),
              this::readKeys);
    } else {
      answer =
          Flux.fromIterable(ids)
              .concatMap(
                  id ->
                      call(
                          "dec_keys",
                          HttpMethod.GET,
                          uri(masterSaeId, "dec_keys", Map.of("key_ID", id)),
                          null,
                          this::readKeys))
              .collectList()
              .doOnDiscard(KeyContainer.class, KeyContainer::close)
              .map(Etsi014Client::merged);
    }
    return answer.map(container -> inAskedOrder(container, ids)).doOnNext(this::logReceived);
  }

  private KeyContainer readKeys(byte[] body) {
    return Etsi014Json.readKeys(body, config.keyEncoding());
  }

  private static KeyContainer checkedEncKeys(KeyContainer container, KeyRequest request) {
    String problem = null;
    if (container.keys().size() != request.number()) {
      problem = "asked for " + request.number() + " key(s), got " + container.keys().size();
    } else if (request.size() != null) {
      for (QkdKey key : container.keys()) {
        if (key.sizeBits() != request.size()) {
          problem =
              "key_ID "
                  + key.keyId()
                  + " has "
                  + key.sizeBits()
                  + " bits, asked for "
                  + request.size();
          break;
        }
      }
    }
    if (problem != null) {
      container.close();
      throw new MalformedKmeResponse("enc_keys", problem);
    }
    return container;
  }

  private static KeyContainer inAskedOrder(KeyContainer container, List<String> askedIds) {
    Map<String, QkdKey> byId = new LinkedHashMap<>();
    container.keys().forEach(key -> byId.put(key.keyId(), key));
    Set<String> unasked = new HashSet<>(byId.keySet());
    askedIds.forEach(unasked::remove);
    List<String> missing = askedIds.stream().filter(id -> !byId.containsKey(id)).toList();
    if (!unasked.isEmpty() || !missing.isEmpty()) {
      container.close();
      throw new MalformedKmeResponse(
          "dec_keys", "key IDs not asked for: " + unasked + ", asked for but missing: " + missing);
    }
    return new KeyContainer(askedIds.stream().map(byId::get).toList(), container.extension());
  }

  private static KeyContainer merged(List<KeyContainer> parts) {
    List<QkdKey> keys = new ArrayList<>();
    parts.forEach(part -> keys.addAll(part.keys()));
    Set<String> seen = new HashSet<>();
    for (QkdKey key : keys) {
      if (!seen.add(key.keyId())) {
        keys.forEach(QkdKey::zero);
        throw new MalformedKmeResponse("dec_keys", "key_ID " + key.keyId() + " appears twice");
      }
    }
    return new KeyContainer(keys, parts.get(0).extension());
  }

  private void logReceived(KeyContainer container) {
    container.keyIds().forEach(id -> log.info("QKD key received. Key ID: {}", id));
  }

  private URI uri(String saeId, String operation, Map<String, Object> query) {
    UriComponentsBuilder builder =
        UriComponentsBuilder.fromUri(config.baseUrl())
            .pathSegment("api", "v1", "keys", saeId, operation);
    query.forEach(builder::queryParam);
    return builder.build().encode().toUri();
  }

  /**
   * One HTTP exchange, with retries. The raw body is zeroed once read, since a successful answer
   * holds key material.
   */
  private <T> Mono<T> call(
      String operation, HttpMethod method, URI uri, byte[] body, Function<byte[], T> reader) {
    String described = operation + " " + method + " " + uri;
    Mono<T> attempt =
        Mono.defer(
            () -> {
              WebClient.RequestBodySpec spec =
                  web.method(method).uri(uri).accept(MediaType.APPLICATION_JSON);
              WebClient.RequestHeadersSpec<?> request =
                  body == null
                      ? spec
                      : spec.contentType(MediaType.APPLICATION_JSON).bodyValue(body);
              return request.exchangeToMono(
                  response ->
                      response
                          .bodyToMono(byte[].class)
                          .defaultIfEmpty(NO_BODY)
                          .map(
                              bytes ->
                                  interpret(
                                      described, response.statusCode().value(), bytes, reader)));
            });
    return retry.apply(
        attempt.onErrorMap(
            e -> !(e instanceof KmeException), e -> new KmeTransportFailure(described, e)),
        described);
  }

  private static <T> T interpret(
      String operation, int status, byte[] body, Function<byte[], T> reader) {
    try {
      if (status >= 200 && status < 300) {
        try {
          return reader.apply(body);
        } catch (RuntimeException e) {
          throw new MalformedKmeResponse(operation, e.getMessage());
        }
      }
      KmeException.ErrorAnswer answer = Etsi014Json.readError(status, body);
      throw switch (status) {
        case 400 -> new KmeBadRequest(operation, answer);
        case 401 -> new KmeUnauthorized(operation, answer);
        case 503 -> new KeyMaterialUnavailable(operation, answer);
        default -> new KmeUnexpectedStatus(operation, answer);
      };
    } finally {
      Arrays.fill(body, (byte) 0);
    }
  }

  private static void requireSaeId(String saeId, String name) {
    if (saeId == null || saeId.isBlank()) {
      throw new IllegalArgumentException(name + " is required");
    }
  }

  private static List<String> requireKeyIds(List<String> keyIds) {
    if (keyIds == null || keyIds.isEmpty()) {
      throw new IllegalArgumentException("keyIds must name at least one key");
    }
    Set<String> seen = new HashSet<>();
    for (String id : keyIds) {
      if (id == null || id.isBlank()) {
        throw new IllegalArgumentException("keyIds contains a blank key ID");
      }
      if (!seen.add(id)) {
        throw new IllegalArgumentException("keyIds names " + id + " twice");
      }
    }
    return List.copyOf(keyIds);
  }

  @Override
  public void close() {
    connections.dispose();
  }
}
