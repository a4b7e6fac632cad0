#!/usr/bin/env bash
# Entry point of the qkdchain image (see Dockerfile):
#   certs       write the test PKI into /certs for peer-1..peer-$PEERS (default 4), and a random
#               QRNG API key; keeps what exists, so reruns are harmless
#   simulator   the QKD simulator (ETSI GS QKD 014 over mutual TLS, QRNG) on port 8443
#   peer        a peer, configured by QKDCHAIN_* environment variables (docs/configuration.md)
# Anything else is run as a command.
set -euo pipefail

certs="${CERTS_DIR:-/certs}"
peers="${PEERS:-4}"

qrng_key() {
  [ -s "$certs/qrng-api-key" ] || { echo "entrypoint: $certs/qrng-api-key is missing (run the certs step)" >&2; exit 1; }
  cat "$certs/qrng-api-key"
}

case "${1:-peer}" in
  certs)
    ids=()
    for ((i = 1; i <= peers; i++)); do ids+=("peer-$i"); done
    "${MAKE_CERTS:-/app/make-certs.sh}" "$certs" "${ids[@]}"
    if [ ! -s "$certs/qrng-api-key" ]; then
      (umask 077 && head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$certs/qrng-api-key")
    fi
    echo "entrypoint: certificates for ${ids[*]} in $certs"
    ;;
  simulator)
    sae_ids="$(for ((i = 1; i <= peers; i++)); do printf 'peer-%d,' "$i"; done)"
    # The API key goes in through the environment, not the command line (visible to ps).
    SIM_QRNG_APIKEY="$(qrng_key)"
    export SIM_QRNG_APIKEY
    # shellcheck disable=SC2086 # JAVA_OPTS is a list of JVM options
    exec java $JAVA_OPTS -jar /app/qkd-simulator.jar \
      --spring.profiles.active=tls --sim.tls-dir="$certs" --server.port=8443 \
      --sim.sae-ids="${sae_ids%,}" "${@:2}"
    ;;
  peer)
    : "${QKDCHAIN_PEERID:?set QKDCHAIN_PEERID, e.g. peer-1}"
    if [ -z "${QKDCHAIN_QRNG_APIKEY:-}" ] && [ -n "${QKDCHAIN_QRNG_BASEURL:-}" ]; then
      QKDCHAIN_QRNG_APIKEY="$(qrng_key)"
      export QKDCHAIN_QRNG_APIKEY
    fi
    # shellcheck disable=SC2086
    exec java $JAVA_OPTS -jar /app/peer-node.jar "${@:2}"
    ;;
  *) exec "$@" ;;
esac
