#!/usr/bin/env bash
# Entry point of the qkdchain image (see Dockerfile):
#   certs       write the test PKI into /certs for peer-1..peer-$PEERS (default 4), the KME's
#               certificate naming the hosts of $KME_NAMES (comma-separated, e.g. "kme"), and a
#               random QRNG API key; with PEER_AUTH=hmac also a random HMAC secret per pair of
#               peers (/certs/peer-auth). The default peer authentication (qkd) takes each link's
#               keys from its QKD key stream and needs no static secret. Keeps what exists, so
#               reruns are harmless
#   simulator   the QKD simulator (ETSI GS QKD 014 over mutual TLS, QRNG) on port 8443
#   peer        a peer, configured by QKDCHAIN_* environment variables (docs/configuration.md)
# Anything else is run as a command.
set -euo pipefail

certs="${CERTS_DIR:-/certs}"
peers="${PEERS:-4}"

# Per-pair HMAC secrets of the peer routes in hmac mode only (docs/security.md):
# /certs/peer-auth/peer-A--peer-B.hex.
make_link_secrets() {
  local a b file
  (umask 077 && mkdir -p "$certs/peer-auth")
  for ((a = 1; a <= peers; a++)); do
    for ((b = a + 1; b <= peers; b++)); do
      file="$certs/peer-auth/peer-$a--peer-$b.hex"
      [ -s "$file" ] || (umask 077 && head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$file")
    done
  done
}

# This peer's secrets as a properties file only it can read: not on the command line (ps shows
# it) and not in the environment. Prints the file's path.
link_secrets_file() {
  local self="${QKDCHAIN_PEERID#peer-}" file j a b
  file="$(mktemp -p "${TMPDIR:-/tmp}" --suffix=.properties)"
  chmod 600 "$file"
  for ((j = 1; j <= peers; j++)); do
    [ "$j" -ne "$self" ] || continue
    a=$((j < self ? j : self))
    b=$((j < self ? self : j))
    [ -s "$certs/peer-auth/peer-$a--peer-$b.hex" ] || {
      echo "entrypoint: $certs/peer-auth/peer-$a--peer-$b.hex is missing (run the certs step)" >&2
      exit 1
    }
    echo "qkdchain.peer-auth.secrets.peer-$j=$(cat "$certs/peer-auth/peer-$a--peer-$b.hex")" >>"$file"
  done
  echo "$file"
}

qrng_key() {
  [ -s "$certs/qrng-api-key" ] || { echo "entrypoint: $certs/qrng-api-key is missing (run the certs step)" >&2; exit 1; }
  cat "$certs/qrng-api-key"
}

case "${1:-peer}" in
  certs)
    ids=()
    for ((i = 1; i <= peers; i++)); do ids+=("peer-$i"); done
    kme_names=()
    IFS=', ' read -r -a names <<<"${KME_NAMES:-}"
    for name in ${names[@]+"${names[@]}"}; do kme_names+=(--kme-name "$name"); done
    "${MAKE_CERTS:-/app/make-certs.sh}" ${kme_names[@]+"${kme_names[@]}"} "$certs" "${ids[@]}"
    if [ ! -s "$certs/qrng-api-key" ]; then
      (umask 077 && head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$certs/qrng-api-key")
    fi
    if [ "${PEER_AUTH:-qkd}" = hmac ]; then
      make_link_secrets
      echo "entrypoint: certificates and peer link secrets (hmac) for ${ids[*]} in $certs"
    else
      echo "entrypoint: certificates for ${ids[*]} in $certs (peer auth ${PEER_AUTH:-qkd}: no static secret)"
    fi
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
    extra_config=()
    # Static secrets only in hmac mode; the default with KMEs is qkd, keyed by the QKD links.
    if [ "${QKDCHAIN_PEERAUTH_MODE:-}" = hmac ]; then
      extra_config=("--spring.config.additional-location=file:$(link_secrets_file)")
    fi
    # shellcheck disable=SC2086
    exec java $JAVA_OPTS -jar /app/peer-node.jar ${extra_config[@]+"${extra_config[@]}"} "${@:2}"
    ;;
  *) exec "$@" ;;
esac
