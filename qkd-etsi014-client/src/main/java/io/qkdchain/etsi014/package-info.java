/** Package of qkd-etsi014-client. */
package io.qkdchain.etsi014;
