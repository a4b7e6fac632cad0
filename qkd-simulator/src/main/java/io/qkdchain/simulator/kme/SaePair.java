package io.qkdchain.simulator.kme;

import java.util.Objects;

/**
 * An ordered pair of SAEs sharing a QKD link: keys made for {@code master} to use with {@code
 * slave}.
 */
public record SaePair(String master, String slave) {

  public SaePair {
    Objects.requireNonNull(master, "master");
    Objects.requireNonNull(slave, "slave");
  }

  @Override
  public String toString() {
    return master + " -> " + slave;
  }
}
