package io.qkdchain.simulator;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Simulated ETSI GS QKD 014 KMEs and QRNG service for running qkdchain without hardware. */
@SpringBootApplication
public class QkdSimulatorApplication {

  public static void main(String[] args) {
    SpringApplication.run(QkdSimulatorApplication.class, args);
  }
}
