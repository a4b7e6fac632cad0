package io.qkdchain.simulator.kme;

import io.qkdchain.simulator.config.SimulatorProperties;
import io.qkdchain.simulator.kme.KeyManagementEntity.MadeKey;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * ETSI GS QKD 014 v1.1.1 over HTTP: status, enc_keys and dec_keys, each as GET and POST, served
 * both at the standard root and under {@code /sae/{saeId}} for callers without a certificate.
 */
@RestController
@RequestMapping({"/api/v1/keys", "/sae/{saeId}/api/v1/keys"})
class EtsiController {

  private static final Logger log = LoggerFactory.getLogger(EtsiController.class);

  private final KeyManagementEntity kme;
  private final SimulatorProperties config;

  EtsiController(KeyManagementEntity kme, SimulatorProperties config) {
    this.kme = kme;
    this.config = config;
  }

  @GetMapping("/{slaveSaeId}/status")
  Map<String, Object> getStatus(
      @PathVariable(required = false) String saeId,
      @PathVariable String slaveSaeId,
      HttpServletRequest request) {
    return status(caller(request, saeId), slaveSaeId);
  }

  @PostMapping("/{slaveSaeId}/status")
  Map<String, Object> postStatus(
      @PathVariable(required = false) String saeId,
      @PathVariable String slaveSaeId,
      HttpServletRequest request) {
    return status(caller(request, saeId), slaveSaeId);
  }

  @GetMapping("/{slaveSaeId}/enc_keys")
  KeyContainer getEncKeys(
      @PathVariable(required = false) String saeId,
      @PathVariable String slaveSaeId,
      @RequestParam(required = false) Integer number,
      @RequestParam(required = false) Integer size,
      HttpServletRequest request) {
    return encKeys(caller(request, saeId), slaveSaeId, KeyRequest.of(number, size));
  }

  @PostMapping("/{slaveSaeId}/enc_keys")
  KeyContainer postEncKeys(
      @PathVariable(required = false) String saeId,
      @PathVariable String slaveSaeId,
      @RequestBody(required = false) KeyRequest body,
      HttpServletRequest request) {
    KeyRequest keyRequest = body == null ? KeyRequest.of(null, null) : body;
    return encKeys(caller(request, saeId), slaveSaeId, keyRequest);
  }

  @GetMapping("/{masterSaeId}/dec_keys")
  KeyContainer getDecKeys(
      @PathVariable(required = false) String saeId,
      @PathVariable String masterSaeId,
      @RequestParam("key_ID") String keyId,
      HttpServletRequest request) {
    return decKeys(caller(request, saeId), masterSaeId, List.of(keyId));
  }

  @PostMapping("/{masterSaeId}/dec_keys")
  KeyContainer postDecKeys(
      @PathVariable(required = false) String saeId,
      @PathVariable String masterSaeId,
      @RequestBody KeyIdsRequest body,
      HttpServletRequest request) {
    List<String> keyIds = body.keyIds().stream().map(KeyIdsRequest.KeyId::keyId).toList();
    return decKeys(caller(request, saeId), masterSaeId, keyIds);
  }

  private String caller(HttpServletRequest request, String pathPrefixSae) {
    return CallerSae.of(request, pathPrefixSae, config.clientCertificateRequired());
  }

  private Map<String, Object> status(String caller, String slave) {
    Map<String, Object> styled = new LinkedHashMap<>();
    kme.status(caller, slave)
        .forEach((name, value) -> styled.put(config.statusStyle().fieldName(name), value));
    log.info("status master={} slave={}", caller, slave);
    return styled;
  }

  private KeyContainer encKeys(String caller, String slave, KeyRequest request) {
    List<MadeKey> keys = kme.makeKeys(caller, slave, request);
    log.info(
        "enc_keys master={} slave={} additional_slaves={} number={} size={} key_IDs={}",
        caller,
        slave,
        request.additionalSlaveSaeIds(),
        keys.size(),
        keys.get(0).material().length * 8,
        ids(keys));
    return container(keys);
  }

  private KeyContainer decKeys(String caller, String master, List<String> keyIds) {
    List<MadeKey> keys = kme.releaseKeys(caller, master, keyIds);
    log.info(
        "dec_keys master={} slave={} number={} key_IDs={}", master, caller, keys.size(), ids(keys));
    return container(keys);
  }

  private KeyContainer container(List<MadeKey> keys) {
    return new KeyContainer(
        keys.stream()
            .map(
                k ->
                    new KeyContainer.Key(
                        k.id().toString(), config.keyEncoding().encode(k.material())))
            .toList());
  }

  private static List<UUID> ids(List<MadeKey> keys) {
    return keys.stream().map(MadeKey::id).toList();
  }
}
