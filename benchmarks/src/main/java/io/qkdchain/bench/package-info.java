/** Package of benchmarks. */
package io.qkdchain.bench;
