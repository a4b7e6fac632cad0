package io.qkdchain.qrng;

import java.util.List;

/**
 * A random ordering together with the generator that drew it, so a caller can log and count QRNG
 * orders apart from fallback orders.
 */
public record DrawnOrder<T>(List<T> order, Origin origin) {

  public DrawnOrder {
    order = List.copyOf(order);
    if (origin == null) {
      throw new IllegalArgumentException("origin must not be null");
    }
  }

  public boolean fromQrng() {
    return origin == Origin.QRNG;
  }
}
