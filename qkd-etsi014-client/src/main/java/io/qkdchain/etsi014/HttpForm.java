package io.qkdchain.etsi014;

/**
 * Which form of the ETSI 014 key operations a KME accepts. Some servers in the field implement only
 * one of them.
 */
public enum HttpForm {
  GET,
  POST
}
