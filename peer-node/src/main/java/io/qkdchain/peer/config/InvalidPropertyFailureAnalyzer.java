package io.qkdchain.peer.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a bad setting into Spring Boot's start-up report, without the stack trace noise. */
class InvalidPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidPropertyException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, InvalidPropertyException cause) {
    return new FailureAnalysis(
        "The peer's configuration is invalid: " + cause.getMessage(),
        "Fix '"
            + cause.key()
            + "' in application.yml, on the command line (--"
            + cause.key()
            + "=...) or in the environment. docs/configuration.md lists every key.",
        cause);
  }
}
