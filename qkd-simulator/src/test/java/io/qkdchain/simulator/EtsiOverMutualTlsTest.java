package io.qkdchain.simulator;

import static io.qkdchain.simulator.KmeClients.await;
import static io.qkdchain.simulator.KmeClients.onlyKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qkdchain.etsi014.HttpForm;
import io.qkdchain.etsi014.KeyContainer;
import io.qkdchain.etsi014.KeyRequest;
import io.qkdchain.etsi014.KeyStatus;
import io.qkdchain.etsi014.KmeBadRequest;
import io.qkdchain.etsi014.KmeUnauthorized;
import io.qkdchain.etsi014.RetryPolicy;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The project's own ETSI client against the simulator over real HTTPS with mutual TLS. */
class EtsiOverMutualTlsTest extends MutualTlsSimulatorTest {

  @Test
  void a_key_made_for_a_slave_reaches_it_once_with_the_same_bytes() {
    KeyContainer made = await(kme.sae("peer-1").getKeys("peer-2", KeyRequest.of(3, 256)));
    assertThat(made.keys()).hasSize(3).allSatisfy(key -> assertThat(key.sizeBits()).isEqualTo(256));

    KeyContainer read = await(kme.sae("peer-2").getKeysWithIds("peer-1", made.keyIds()));

    for (int i = 0; i < 3; i++) {
      assertThat(read.keys().get(i).material()).isEqualTo(made.keys().get(i).material());
    }
    assertThatThrownBy(() -> await(kme.sae("peer-2").getKeysWithIds("peer-1", made.keyIds())))
        .isInstanceOfSatisfying(
            KmeBadRequest.class,
            e -> assertThat(e.serverMessage()).contains("unknown, expired or already delivered"));
  }

  @Test
  void the_get_forms_deliver_like_the_post_forms() {
    var master = kme.sae("peer-1", HttpForm.GET, RetryPolicy.none());
    var slave = kme.sae("peer-3", HttpForm.GET, RetryPolicy.none());

    KeyContainer made = await(master.getKeys("peer-3", KeyRequest.ofDefaultSize(2)));
    KeyContainer read = await(slave.getKeysWithIds("peer-1", made.keyIds()));

    assertThat(made.keys().get(0).sizeBits()).isEqualTo(1024);
    assertThat(read.keys().get(1).material()).isEqualTo(made.keys().get(1).material());
    assertThat(await(master.status("peer-3")).masterSaeId()).isEqualTo("peer-1");
  }

  @Test
  void status_names_the_certificate_holder_as_master_and_gives_the_limits() {
    KeyStatus status = await(kme.sae("peer-4").status("peer-1"));

    assertThat(status.masterSaeId()).isEqualTo("peer-4");
    assertThat(status.slaveSaeId()).isEqualTo("peer-1");
    assertThat(status.keySize()).isEqualTo(1024);
    assertThat(status.minKeySize()).isEqualTo(64);
    assertThat(status.maxKeySize()).isEqualTo(8192);
    assertThat(status.maxKeyPerRequest()).isEqualTo(128);
    assertThat(status.maxKeyCount()).isEqualTo(100_000);
    assertThat(status.maxSaeIdCount()).isEqualTo(2);
  }

  @Test
  void a_third_sae_cannot_read_a_key_and_does_not_consume_it() {
    KeyContainer made = await(kme.sae("peer-1").getKeys("peer-2", KeyRequest.of(1, 128)));

    assertThatThrownBy(() -> await(kme.sae("peer-3").getKeysWithIds("peer-1", made.keyIds())))
        .isInstanceOfSatisfying(
            KmeUnauthorized.class, e -> assertThat(e.serverMessage()).contains("not addressed"));
    KeyContainer read = await(kme.sae("peer-2").getKeysWithIds("peer-1", made.keyIds()));
    assertThat(onlyKey(read)).isEqualTo(onlyKey(made));
  }

  @Test
  void a_key_asked_of_the_wrong_master_is_unauthorised() {
    KeyContainer made = await(kme.sae("peer-1").getKeys("peer-2", KeyRequest.of(1, 128)));

    assertThatThrownBy(() -> await(kme.sae("peer-2").getKeysWithIds("peer-4", made.keyIds())))
        .isInstanceOf(KmeUnauthorized.class);
  }

  @Test
  void an_unknown_key_id_is_a_bad_request() {
    List<String> unknown = List.of(UUID.randomUUID().toString());

    assertThatThrownBy(() -> await(kme.sae("peer-2").getKeysWithIds("peer-1", unknown)))
        .isInstanceOf(KmeBadRequest.class);
  }

  @Test
  void sizes_out_of_range_and_too_many_keys_are_bad_requests() {
    var master = kme.sae("peer-1");

    assertThatThrownBy(() -> await(master.getKeys("peer-2", KeyRequest.of(1, 32))))
        .isInstanceOfSatisfying(
            KmeBadRequest.class, e -> assertThat(e.serverMessage()).contains("[64, 8192]"));
    assertThatThrownBy(() -> await(master.getKeys("peer-2", KeyRequest.of(1, 8200))))
        .isInstanceOf(KmeBadRequest.class);
    assertThatThrownBy(() -> await(master.getKeys("peer-2", KeyRequest.of(129, 64))))
        .isInstanceOfSatisfying(
            KmeBadRequest.class, e -> assertThat(e.serverMessage()).contains("number"));
  }

  @Test
  void an_unsupported_mandatory_extension_is_a_bad_request() {
    KeyRequest request =
        new KeyRequest(1, 256, null, List.of(Map.of("abc_route_type", "direct")), null);

    assertThatThrownBy(() -> await(kme.sae("peer-1").getKeys("peer-2", request)))
        .isInstanceOfSatisfying(
            KmeBadRequest.class, e -> assertThat(e.serverMessage()).contains("abc_route_type"));
  }

  @Test
  void optional_extensions_are_ignored() {
    KeyRequest request = new KeyRequest(1, 256, null, null, List.of(Map.of("abc_qos", "fast")));

    assertThat(await(kme.sae("peer-1").getKeys("peer-2", request)).keys()).hasSize(1);
  }

  @Test
  void a_key_for_additional_slaves_is_read_once_by_each_of_them() {
    KeyRequest request = new KeyRequest(1, 512, List.of("peer-3", "peer-4"), null, null);
    KeyContainer made = await(kme.sae("peer-1").getKeys("peer-2", request));

    for (String slave : List.of("peer-2", "peer-3", "peer-4")) {
      KeyContainer read = await(kme.sae(slave).getKeysWithIds("peer-1", made.keyIds()));
      assertThat(onlyKey(read)).as(slave).isEqualTo(onlyKey(made));
      assertThatThrownBy(() -> await(kme.sae(slave).getKeysWithIds("peer-1", made.keyIds())))
          .isInstanceOf(KmeBadRequest.class);
    }
    KeyRequest tooMany = new KeyRequest(1, 512, List.of("peer-3", "peer-4", "peer-5"), null, null);
    assertThatThrownBy(() -> await(kme.sae("peer-1").getKeys("peer-2", tooMany)))
        .isInstanceOf(KmeBadRequest.class);
  }

  @Test
  void a_path_prefix_must_name_the_certificate_holder() {
    assertThat(await(kme.claiming("peer-1", "peer-1").status("peer-2")).masterSaeId())
        .isEqualTo("peer-1");
    assertThatThrownBy(() -> await(kme.claiming("peer-1", "peer-2").status("peer-3")))
        .isInstanceOfSatisfying(
            KmeUnauthorized.class,
            e -> assertThat(e.serverMessage()).contains("certificate belongs to SAE peer-1"));
  }

  @Test
  void a_caller_without_a_client_certificate_gets_no_keys() {
    assertThatThrownBy(() -> await(kme.anonymous().getKeys("peer-2", KeyRequest.of(1, 256))))
        .isInstanceOfSatisfying(
            KmeUnauthorized.class,
            e -> assertThat(e.serverMessage()).contains("no client certificate"));
  }
}
