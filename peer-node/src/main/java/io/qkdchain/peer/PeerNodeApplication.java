package io.qkdchain.peer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A qkdchain peer. */
@SpringBootApplication
public class PeerNodeApplication {

  public static void main(String[] args) {
    SpringApplication.run(PeerNodeApplication.class, args);
  }
}
