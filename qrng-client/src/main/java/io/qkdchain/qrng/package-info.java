/** Package of qrng-client. */
package io.qkdchain.qrng;
