package io.qkdchain.peer.consensus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** A chain that survives its peer's crash (the simulation's disk), reporting appends. */
final class MemoryChainStore implements ChainStore {

  private final PeerId owner;
  private final ChainLedger ledger;
  private final List<CommittedBlock> blocks = new ArrayList<>(List.of(CommittedBlock.genesis()));
  private final Map<String, Long> transactions = new HashMap<>();

  MemoryChainStore(PeerId owner, ChainLedger ledger) {
    this.owner = owner;
    this.ledger = ledger;
  }

  @Override
  public long height() {
    return blocks.size();
  }

  @Override
  public CommittedBlock tip() {
    return blocks.get(blocks.size() - 1);
  }

  @Override
  public Optional<CommittedBlock> get(long index) {
    return index >= 0 && index < blocks.size()
        ? Optional.of(blocks.get((int) index))
        : Optional.empty();
  }

  @Override
  public List<CommittedBlock> range(long fromIndex, int limit) {
    if (fromIndex >= blocks.size()) {
      return List.of();
    }
    int from = (int) Math.max(0, fromIndex);
    return List.copyOf(blocks.subList(from, Math.min(blocks.size(), from + limit)));
  }

  @Override
  public void append(CommittedBlock block) {
    if (block.index() != blocks.size()) {
      throw new IllegalStateException("block " + block.index() + " is not the next one");
    }
    String tipHash = tip().certificate().blockHash();
    if (!block.block().previousBlockHash().equals(tipHash)) {
      throw new IllegalStateException("block " + block.index() + " does not link to the tip");
    }
    ledger.appended(owner, block, tipHash);
    for (Transaction tx : block.block().transactions()) {
      if (transactions.putIfAbsent(tx.id(), block.index()) != null) {
        throw new AssertionError(owner + " committed " + tx.id() + " twice");
      }
    }
    blocks.add(block);
  }

  @Override
  public OptionalLong blockIndexOf(String transactionId) {
    Long index = transactions.get(transactionId);
    return index == null ? OptionalLong.empty() : OptionalLong.of(index);
  }

  List<String> hashes() {
    return blocks.stream().map(b -> b.certificate().blockHash()).toList();
  }
}
