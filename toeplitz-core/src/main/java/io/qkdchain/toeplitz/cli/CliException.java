package io.qkdchain.toeplitz.cli;

/** Bad input to the command line: printed as one line, exit status 2. */
final class CliException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  CliException(String message) {
    super(message);
  }
}
