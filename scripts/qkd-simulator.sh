#!/usr/bin/env bash
# Runs the QKD/QRNG simulator in the foreground, building it first if needed.
# See qkd-simulator/README.md for what each option emulates.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

usage() {
  cat <<USAGE
usage: scripts/qkd-simulator.sh [options] [-- extra Spring Boot arguments]
  --port P             listening port (default 8443)
  --plain              plain HTTP; SAEs name themselves with /sae/{SAE_ID}/api/v1/keys/...
  --tls-dir DIR        mutual TLS with DIR/kme.crt, DIR/kme.key, DIR/ca.crt (scripts/make-certs.sh)
                       default without --plain: run/certs, made for peer-1..peer-4 if missing
  --key-rate-bps R     key bits per second per ordered SAE pair (default 0 = unlimited)
  --key-burst-bits B   key bits a pair can buffer (default 1 s of rate, at least one max key)
  --latency-ms L       added to every ETSI and QRNG call (default 0)
  --key-encoding E     base64 (ETSI, default) or hex
  --status-style S     etsi (default) or capitalised
  --qrng-api-key K     API key of the QRNG endpoint (default sim-qrng-key)
  --fail-every K       every K-th ETSI call answers 503 (default 0 = never)
  -h, --help           this text
USAGE
}

need_value() {
  if [ "$#" -lt 2 ] || [ -z "$2" ]; then
    echo "qkd-simulator: $1 needs a value" >&2
    usage >&2
    exit 2
  fi
}

port=8443
plain=false
tls_dir=""
props=()
while [ "$#" -gt 0 ]; do
  case "$1" in
    --port) need_value "$@"; port="$2"; shift 2 ;;
    --plain) plain=true; shift ;;
    --tls-dir) need_value "$@"; tls_dir="$2"; shift 2 ;;
    --key-rate-bps) need_value "$@"; props+=("--sim.key-rate-bps=$2"); shift 2 ;;
    --key-burst-bits) need_value "$@"; props+=("--sim.key-burst-bits=$2"); shift 2 ;;
    --latency-ms) need_value "$@"; props+=("--sim.latency=$2ms"); shift 2 ;;
    --key-encoding) need_value "$@"; props+=("--sim.key-encoding=$2"); shift 2 ;;
    --status-style) need_value "$@"; props+=("--sim.status-style=$2"); shift 2 ;;
    # Through the environment, not argv, so the key does not show in the process list.
    --qrng-api-key) need_value "$@"; export SIM_QRNG_APIKEY="$2"; shift 2 ;;
    --fail-every) need_value "$@"; props+=("--sim.fail-every=$2"); shift 2 ;;
    -h|--help) usage; exit 0 ;;
    --) shift; props+=("$@"); break ;;
    *) echo "qkd-simulator: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
if $plain && [ -n "$tls_dir" ]; then
  echo "qkd-simulator: --plain and --tls-dir exclude each other" >&2
  exit 2
fi

# shellcheck source=lib/java-home.sh
source "$root/scripts/lib/java-home.sh"
use_java || exit 1

find_jar() {
  find "$root/qkd-simulator/target" -maxdepth 1 -name 'qkd-simulator-*.jar' ! -name '*.original' \
    2>/dev/null | head -n 1
}
jar="$(find_jar)"
if [ -z "$jar" ]; then
  echo "qkd-simulator: building the jar (first run)" >&2
  # Test sources are not compiled: running needs only the main code, and this is faster.
  (cd "$root" && mvn -B -q -pl qkd-simulator -am package -Dmaven.test.skip=true)
  jar="$(find_jar)"
fi

if ! $plain; then
  if [ -z "$tls_dir" ]; then
    tls_dir="$root/run/certs"
    "$root/scripts/make-certs.sh" "$tls_dir" peer-1 peer-2 peer-3 peer-4 >&2
  fi
  for file in kme.crt kme.key ca.crt; do
    if [ ! -s "$tls_dir/$file" ]; then
      echo "qkd-simulator: $tls_dir/$file is missing; run scripts/make-certs.sh $tls_dir SAE_ID..." >&2
      exit 2
    fi
  done
  tls_dir="$(cd "$tls_dir" && pwd)"
  props=("--spring.profiles.active=tls" "--sim.tls-dir=$tls_dir" "${props[@]}")
fi

exec java -jar "$jar" "--server.port=$port" "${props[@]}"
