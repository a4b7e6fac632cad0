package io.qkdchain.simulator.config;

/**
 * Field-name style of the status answer. {@code ETSI} uses the standard's names ({@code
 * master_SAE_ID}); {@code CAPITALISED} reproduces devices seen in the field ({@code Master_SAE_ID},
 * {@code Max_key_count}) so clients can be tested against them.
 */
public enum StatusStyle {
  ETSI,
  CAPITALISED;

  public String fieldName(String etsiName) {
    if (this == ETSI) {
      return etsiName;
    }
    return Character.toUpperCase(etsiName.charAt(0)) + etsiName.substring(1);
  }
}
