/** Package of toeplitz-core. */
package io.qkdchain.toeplitz;
