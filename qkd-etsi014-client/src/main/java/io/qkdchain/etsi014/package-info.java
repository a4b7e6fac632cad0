/**
 * A client for ETSI GS QKD 014 v1.1.1 key delivery: {@link io.qkdchain.etsi014.Etsi014Client}
 * speaks the three REST operations to one KME, {@link io.qkdchain.etsi014.RoundKeys} turns them
 * into round keys of an exact size that master and slave assemble identically.
 */
package io.qkdchain.etsi014;
