package io.qkdchain.peer.consensus;

import java.lang.reflect.Field;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * What a running engine holds in its bounded structures, read on its own event loop (the only
 * thread that touches them): the entries of the vote tally of its current height ({@link
 * Ballots#size}) and the messages in its future-message buffer ({@link FutureMessages#size}). For
 * tests that check the bounds from outside the engine, as ByzantineCluster does in the simulation.
 */
public final class EngineMemory {

  /** The tally's bound: {@link Ballots#MAX_VIEWS} views of every phase, one entry per member. */
  public static int ballotBound(int members) {
    return Ballots.MAX_VIEWS * PeerMessage.Phase.values().length * members;
  }

  /**
   * Entries in the vote tally, those of them cast by one member, and messages held for later
   * rounds, at one moment.
   */
  public record Held(int votes, int votesOfMember, int futureMessages) {}

  private EngineMemory() {}

  public static Held of(ConsensusEngine engine, PeerId member) throws Exception {
    PeerContext ctx = (PeerContext) field(engine, "ctx");
    ChainPosition position = (ChainPosition) field(engine, "position");
    FutureMessages future = (FutureMessages) field(engine, "future");
    CompletableFuture<Held> read = new CompletableFuture<>();
    ctx.loop()
        .execute(
            () -> {
              try {
                Ballots ballots = position.ballots();
                int ofMember = 0;
                for (PeerMessage.Phase phase : PeerMessage.Phase.values()) {
                  ofMember += ballots.votesOf(phase, member).size();
                }
                read.complete(new Held(ballots.size(), ofMember, future.size()));
              } catch (RuntimeException e) {
                read.completeExceptionally(e);
              }
            });
    return read.get(30, TimeUnit.SECONDS);
  }

  private static Object field(Object owner, String name) throws ReflectiveOperationException {
    Field field = owner.getClass().getDeclaredField(name);
    field.setAccessible(true);
    return field.get(owner);
  }
}
