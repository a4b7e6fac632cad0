package io.qkdchain.simulator;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Simulated ETSI GS QKD 014 KMEs and QRNG service for running qkdchain without hardware. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class QkdSimulatorApplication {

  /**
   * Spring keeps the PEM key of {@code application-tls.properties} in an in-memory PKCS#12 store
   * for Tomcat, sealed and unsealed with 10,000 rounds of PBKDF2 each: a sixth of the simulator's
   * start, before the JIT has compiled SHA-256 (docs/performance.md, tenth session). The simulator
   * writes no key store to disk, so a single round costs it nothing; an explicit setting wins.
   */
  static final String IN_MEMORY_KEY_STORE_ROUNDS = "keystore.pkcs12.keyPbeIterationCount";

  public static void main(String[] args) {
    if (System.getProperty(IN_MEMORY_KEY_STORE_ROUNDS) == null) {
      System.setProperty(IN_MEMORY_KEY_STORE_ROUNDS, "1");
    }
    SpringApplication.run(QkdSimulatorApplication.class, args);
  }
}
