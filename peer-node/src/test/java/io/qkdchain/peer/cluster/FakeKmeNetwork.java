package io.qkdchain.peer.cluster;

import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The KMEs of a QKD network as a WireMock extension, just stateful enough: {@code enc_keys} makes
 * fresh random keys with UUIDs and remembers them for (master, slave); {@code dec_keys} hands each
 * to its slave once. The caller is named by the {@code /sae/{id}} prefix of its base URL, as with
 * the simulator's plain-HTTP mode. Every call is journaled for exact assertions.
 */
final class FakeKmeNetwork implements ResponseDefinitionTransformerV2 {

  static final String NAME = "fake-kme";
  private static final Pattern PATH =
      Pattern.compile("/sae/([^/]+)/api/v1/keys/([^/]+)/(status|enc_keys|dec_keys)");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** One ETSI call: who called, the SAE ID in the path, and the keys involved. */
  record Call(String caller, String operation, String pathSaeId, List<String> keyIds, int bits) {}

  private record StoredKey(String master, String slave, byte[] bytes) {}

  private final SecureRandom random = new SecureRandom();
  private final Map<String, StoredKey> keys = new ConcurrentHashMap<>();
  final List<Call> journal = new CopyOnWriteArrayList<>();

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public boolean applyGlobally() {
    return false;
  }

  @Override
  public ResponseDefinition transform(ServeEvent event) {
    Request request = event.getRequest();
    Matcher path = PATH.matcher(request.getUrl().replaceAll("\\?.*", ""));
    if (!path.matches()) {
      return error(404, "no such ETSI route");
    }
    String caller = path.group(1);
    String other = path.group(2);
    return switch (path.group(3)) {
      case "status" -> status(caller, other);
      case "enc_keys" -> encKeys(caller, other, JSON.readTree(request.getBodyAsString()));
      default -> decKeys(caller, other, JSON.readTree(request.getBodyAsString()));
    };
  }

  private ResponseDefinition status(String master, String slave) {
    journal.add(new Call(master, "status", slave, List.of(), 0));
    ObjectNode status = JSON.createObjectNode();
    status.put("source_KME_ID", "kme-" + master).put("target_KME_ID", "kme-" + slave);
    status.put("master_SAE_ID", master).put("slave_SAE_ID", slave);
    status.put("key_size", 1024).put("stored_key_count", 1000).put("max_key_count", 100000);
    status.put("max_key_per_request", 10).put("max_key_size", 1024).put("min_key_size", 64);
    status.put("max_SAE_ID_count", 0);
    return ok(status);
  }

  private ResponseDefinition encKeys(String master, String slave, JsonNode body) {
    int number = body.path("number").asInt(1);
    int size = body.path("size").asInt(1024);
    ObjectNode container = JSON.createObjectNode();
    ArrayNode out = container.putArray("keys");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < number; i++) {
      byte[] key = new byte[size / 8];
      random.nextBytes(key);
      String id = UUID.randomUUID().toString();
      keys.put(id, new StoredKey(master, slave, key));
      ids.add(id);
      out.addObject().put("key_ID", id).put("key", Base64.getEncoder().encodeToString(key));
    }
    journal.add(new Call(master, "enc_keys", slave, ids, size));
    return ok(container);
  }

  private ResponseDefinition decKeys(String slave, String master, JsonNode body) {
    ObjectNode container = JSON.createObjectNode();
    ArrayNode out = container.putArray("keys");
    List<String> ids = new ArrayList<>();
    for (JsonNode entry : body.path("key_IDs")) {
      String id = entry.path("key_ID").stringValue();
      StoredKey key = keys.get(id);
      if (key == null || !key.master().equals(master) || !key.slave().equals(slave)) {
        return error(400, "unknown key_ID " + id + " for master " + master);
      }
      keys.remove(id);
      ids.add(id);
      out.addObject().put("key_ID", id).put("key", Base64.getEncoder().encodeToString(key.bytes()));
    }
    journal.add(new Call(slave, "dec_keys", master, ids, 0));
    return ok(container);
  }

  private static ResponseDefinition ok(JsonNode body) {
    return new com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody(JSON.writeValueAsString(body))
        .build();
  }

  private static ResponseDefinition error(int status, String message) {
    return new com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"message\": \"" + message + "\"}")
        .build();
  }
}
