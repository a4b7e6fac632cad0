package io.qkdchain.simulator.kme;

import io.qkdchain.simulator.config.SimulatorProperties;
import io.qkdchain.simulator.kme.PendingKeys.ReleasedKey;
import io.qkdchain.simulator.stats.SimulatorStats;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * The KMEs of a simulated QKD network seen as one: every SAE pair is linked, keys come from {@link
 * SecureRandom}, drawn at each link's key rate. Callers are already authenticated: the {@code
 * caller} arguments are the SAE IDs the transport vouched for.
 */
@Service
public class KeyManagementEntity {

  private final SimulatorProperties config;
  private final PendingKeys pending;
  private final KeyRate keyRate;
  private final SimulatorStats stats;
  private final SecureRandom random;

  public KeyManagementEntity(
      SimulatorProperties config,
      PendingKeys pending,
      KeyRate keyRate,
      SimulatorStats stats,
      SecureRandom random) {
    this.config = config;
    this.pending = pending;
    this.keyRate = keyRate;
    this.stats = stats;
    this.random = random;
  }

  /** The ETSI status of the link from {@code caller} (master) to {@code slave}, in ETSI names. */
  public Map<String, Object> status(String caller, String slave) {
    SaePair pair = link(caller, slave);
    long keysByRate = keyRate.availableBits(pair) / config.keySize();
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("source_KME_ID", kmeOf(caller));
    status.put("target_KME_ID", kmeOf(slave));
    status.put("master_SAE_ID", caller);
    status.put("slave_SAE_ID", slave);
    status.put("key_size", config.keySize());
    status.put("stored_key_count", (int) Math.min(pending.freeSlots(pair), keysByRate));
    status.put("max_key_count", config.maxKeyCount());
    status.put("max_key_per_request", config.maxKeyPerRequest());
    status.put("max_key_size", config.maxKeySize());
    status.put("min_key_size", config.minKeySize());
    status.put("max_SAE_ID_count", config.maxSaeIdCount());
    return status;
  }

  /** enc_keys: new keys for {@code caller} (master) to share with {@code slave}. */
  public List<MadeKey> makeKeys(String caller, String slave, KeyRequest request) {
    SaePair pair = link(caller, slave);
    int number = request.number() == null ? 1 : request.number();
    int size = request.size() == null ? config.keySize() : request.size();
    checkNumber(number);
    checkSize(size);
    Set<String> additionalSlaves = additionalSlaves(pair, request.additionalSlaveSaeIds());
    if (!request.extensionMandatory().isEmpty()) {
      throw KmeException.badRequest(
          "mandatory extensions are not supported: " + extensionNames(request),
          Map.of("extension_mandatory", extensionNames(request)));
    }
    long bits = (long) number * size;
    keyRate.draw(pair, bits);
    List<byte[]> materials = new ArrayList<>(number);
    for (int i = 0; i < number; i++) {
      byte[] material = new byte[size / 8];
      random.nextBytes(material);
      materials.add(material);
    }
    List<UUID> ids;
    try {
      ids = pending.store(pair, additionalSlaves, materials);
    } catch (KmeException full) {
      keyRate.refund(pair, bits);
      throw full;
    }
    stats.keysMade(pair, number, bits);
    List<MadeKey> made = new ArrayList<>(number);
    for (int i = 0; i < number; i++) {
      made.add(new MadeKey(ids.get(i), materials.get(i)));
    }
    return made;
  }

  /** dec_keys: keys that {@code master} made for {@code caller} (a slave), each once. */
  public List<MadeKey> releaseKeys(String caller, String master, List<String> keyIds) {
    SaePair pair = link(master, caller);
    if (keyIds.isEmpty()) {
      throw KmeException.badRequest("no key_ID given");
    }
    if (keyIds.size() > config.maxKeyPerRequest()) {
      throw KmeException.badRequest(
          keyIds.size() + " key_IDs asked, max_key_per_request is " + config.maxKeyPerRequest());
    }
    List<UUID> ids = keyIds.stream().map(KeyManagementEntity::parseKeyId).toList();
    List<ReleasedKey> released = pending.release(master, caller, ids);
    long bits = released.stream().mapToLong(k -> k.material().length * 8L).sum();
    stats.keysRead(pair, released.size(), bits);
    return released.stream().map(k -> new MadeKey(k.id(), k.material())).toList();
  }

  /** A key with its ID, before encoding for the wire. */
  public record MadeKey(UUID id, byte[] material) {}

  private SaePair link(String master, String slave) {
    requireKnown(master);
    requireKnown(slave);
    if (master.equals(slave)) {
      throw KmeException.badRequest(
          "master and slave are the same SAE " + master + ": a key is shared between two SAEs");
    }
    return new SaePair(master, slave);
  }

  private void requireKnown(String sae) {
    if (!config.knowsSae(sae)) {
      throw KmeException.unauthorized(
          "SAE " + sae + " is not part of this QKD network (sim.sae-ids)", Map.of("SAE_ID", sae));
    }
  }

  private void checkNumber(int number) {
    if (number < 1 || number > config.maxKeyPerRequest()) {
      throw KmeException.badRequest(
          "number must lie in [1, " + config.maxKeyPerRequest() + "], got " + number,
          Map.of("number", number, "max_key_per_request", config.maxKeyPerRequest()));
    }
  }

  private void checkSize(int size) {
    if (size % 8 != 0) {
      throw KmeException.badRequest(
          "size must be a multiple of 8 bits, got " + size, Map.of("size", size));
    }
    if (size < config.minKeySize() || size > config.maxKeySize()) {
      throw KmeException.badRequest(
          "size must lie in ["
              + config.minKeySize()
              + ", "
              + config.maxKeySize()
              + "] bits, got "
              + size,
          Map.of(
              "size",
              size,
              "min_key_size",
              config.minKeySize(),
              "max_key_size",
              config.maxKeySize()));
    }
  }

  private Set<String> additionalSlaves(SaePair pair, List<String> requested) {
    if (requested.size() > config.maxSaeIdCount()) {
      throw KmeException.badRequest(
          requested.size()
              + " additional_slave_SAE_IDs given, max_SAE_ID_count is "
              + config.maxSaeIdCount(),
          Map.of("max_SAE_ID_count", config.maxSaeIdCount()));
    }
    Set<String> slaves = new LinkedHashSet<>();
    for (String slave : requested) {
      link(pair.master(), slave);
      slaves.add(slave);
    }
    return slaves;
  }

  private static List<String> extensionNames(KeyRequest request) {
    return request.extensionMandatory().stream()
        .flatMap(extension -> extension.keySet().stream())
        .toList();
  }

  private static UUID parseKeyId(String keyId) {
    try {
      return UUID.fromString(keyId);
    } catch (IllegalArgumentException | NullPointerException notUuid) {
      throw KmeException.badRequest(
          "key_ID " + keyId + " is not a key ID of this KME (a UUID)",
          Map.of("key_ID", "" + keyId));
    }
  }

  private static String kmeOf(String sae) {
    return "sim-kme-" + sae;
  }
}
