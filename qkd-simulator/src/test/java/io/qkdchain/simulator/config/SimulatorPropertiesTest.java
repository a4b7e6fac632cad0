package io.qkdchain.simulator.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

/** A bad setting stops start-up with a message that names the key. */
class SimulatorPropertiesTest {

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(SimulatorProperties.class)
  static class Bound {}

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
          .withUserConfiguration(Bound.class);

  @Test
  void defaults_suit_a_local_cluster() {
    runner.run(
        context -> {
          SimulatorProperties sim = context.getBean(SimulatorProperties.class);
          assertThat(sim.keySize()).isEqualTo(1024);
          assertThat(sim.keyRateBps()).isZero();
          assertThat(sim.effectiveBurstBits()).isZero();
          assertThat(sim.keyEncoding()).isEqualTo(KeyEncoding.BASE64);
          assertThat(sim.qrng().toString()).doesNotContain("sim-qrng-key");
        });
  }

  @Test
  void the_burst_defaults_to_a_second_of_rate_but_at_least_one_max_key() {
    runner
        .withPropertyValues("sim.key-rate-bps=1400")
        .run(
            c ->
                assertThat(c.getBean(SimulatorProperties.class).effectiveBurstBits())
                    .isEqualTo(8192));
    runner
        .withPropertyValues("sim.key-rate-bps=40000")
        .run(
            c ->
                assertThat(c.getBean(SimulatorProperties.class).effectiveBurstBits())
                    .isEqualTo(40000));
  }

  @Test
  void a_key_size_that_is_not_whole_bytes_names_its_key() {
    runner
        .withPropertyValues("sim.key-size=1020")
        .run(context -> assertThat(failure(context)).contains("sim.key-size", "multiple of 8"));
  }

  @Test
  void a_key_size_outside_the_limits_names_the_keys() {
    runner
        .withPropertyValues("sim.max-key-size=512")
        .run(context -> assertThat(failure(context)).contains("sim.key-size", "sim.max-key-size"));
  }

  @Test
  void a_negative_rate_names_its_key() {
    runner
        .withPropertyValues("sim.key-rate-bps=-1")
        .run(context -> assertThat(failure(context)).contains("keyRateBps"));
  }

  private static String failure(
      org.springframework.boot.test.context.assertj.AssertableApplicationContext context) {
    assertThat(context).hasFailed();
    StringBuilder messages = new StringBuilder();
    for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
      messages.append(t.getMessage()).append('\n');
    }
    return messages.toString();
  }
}
