/** The {@code scripts/toeplitz} command line, for interoperability checks. */
package io.qkdchain.toeplitz.cli;
