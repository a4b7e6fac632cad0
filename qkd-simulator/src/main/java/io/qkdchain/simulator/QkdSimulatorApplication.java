package io.qkdchain.simulator;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Simulated ETSI GS QKD 014 KMEs and QRNG service for running qkdchain without hardware. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class QkdSimulatorApplication {

  public static void main(String[] args) {
    SpringApplication.run(QkdSimulatorApplication.class, args);
  }
}
