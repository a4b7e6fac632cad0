package io.qkdchain.simulator.kme;

import java.util.List;
import java.util.Map;

/** The ETSI GS QKD 014 error body. */
public record EtsiError(String message, List<Map<String, Object>> details) {}
