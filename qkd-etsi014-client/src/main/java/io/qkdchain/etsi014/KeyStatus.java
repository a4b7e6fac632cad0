package io.qkdchain.etsi014;

import tools.jackson.databind.JsonNode;

/**
 * The ETSI 014 Status of the link between this SAE (master) and a slave SAE. Sizes are in bits.
 *
 * @param statusExtension the server's {@code status_extension}, or null
 */
public record KeyStatus(
    String sourceKmeId,
    String targetKmeId,
    String masterSaeId,
    String slaveSaeId,
    int keySize,
    int storedKeyCount,
    int maxKeyCount,
    int maxKeyPerRequest,
    int maxKeySize,
    int minKeySize,
    int maxSaeIdCount,
    JsonNode statusExtension) {}
