package io.qkdchain.peer.storage;

/** Re-reads the stored chain and checks every record, hash and link. */
public interface ChainVerifier {

  ChainVerification verify();
}
