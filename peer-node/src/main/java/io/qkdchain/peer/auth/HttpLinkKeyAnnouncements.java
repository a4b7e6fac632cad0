package io.qkdchain.peer.auth;

import io.qkdchain.peer.consensus.PeerId;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Asks a receiver which key this peer should tag its requests with: {@code GET
 * /peer/v1/link-key?for=<this peer>[&unreadable=<epoch>]} at the receiver's configured URL. The
 * answer names key IDs only; this peer then reads the key from its own KME, which hands it over
 * only if the receiver drew it for this pair, so a forged answer can cost a refused read, never a
 * key.
 */
final class HttpLinkKeyAnnouncements implements SendingLink.Announcements {

  static final String ROUTE = "/peer/v1/link-key";

  private final PeerId self;
  private final Map<PeerId, URI> urls;
  private final HttpClient http;
  private final Duration timeout;

  HttpLinkKeyAnnouncements(PeerId self, Map<PeerId, URI> urls, HttpClient http, Duration timeout) {
    this.self = self;
    this.urls = Map.copyOf(urls);
    this.http = http;
    this.timeout = timeout;
  }

  @Override
  public CompletionStage<LinkKeyAnnouncement> ask(PeerId receiver, OptionalLong unreadable) {
    URI base = urls.get(receiver);
    if (base == null) {
      return CompletableFuture.failedFuture(
          new IllegalArgumentException(receiver + " is no member of this cluster"));
    }
    String query =
        "?for="
            + URLEncoder.encode(self.value(), StandardCharsets.UTF_8)
            + (unreadable.isPresent() ? "&unreadable=" + unreadable.getAsLong() : "");
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve(ROUTE + query)).timeout(timeout).GET().build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .thenApply(
            response -> {
              if (response.statusCode() != 200) {
                throw new IllegalStateException(
                    receiver
                        + " answered HTTP "
                        + response.statusCode()
                        + " to "
                        + ROUTE
                        + ": "
                        + abbreviate(response.body()));
              }
              return LinkKeyAnnouncement.parse(
                  response
                      .headers()
                      .firstValue(LinkKeyAnnouncement.HEADER)
                      .orElseThrow(
                          () ->
                              new IllegalStateException(
                                  receiver + " answered " + ROUTE + " without an announcement")));
            });
  }

  private static String abbreviate(String body) {
    return body.length() > 200 ? body.substring(0, 200) + "..." : body;
  }
}
