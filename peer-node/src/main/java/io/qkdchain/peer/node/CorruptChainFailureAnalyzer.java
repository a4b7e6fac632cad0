package io.qkdchain.peer.node;

import io.qkdchain.peer.storage.CorruptChainException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A damaged chain log stops the peer with a report that says where and what to do. */
class CorruptChainFailureAnalyzer extends AbstractFailureAnalyzer<CorruptChainException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, CorruptChainException cause) {
    return new FailureAnalysis(
        "The peer refuses to start on a damaged chain: " + cause.getMessage(),
        "Keep "
            + cause.file()
            + " for inspection, move it out of the storage directory, and start the peer again:"
            + " it will fetch the chain from the other peers.",
        cause);
  }
}
