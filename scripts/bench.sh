#!/usr/bin/env bash
# Benchmarks a cluster started by scripts/cluster.sh: committed tx/s, commit latency
# percentiles, QKD key bits per committed transaction and whether the chains agree at the end.
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

usage() {
  cat <<'USAGE'
usage: scripts/bench.sh [--count N | --duration S] [OPTIONS]

  --count N          transactions to submit (default 1000 unless --duration)
  --duration S       seconds to keep submitting instead
  --concurrency C    transactions in flight at once, each waiting for its commit (default 1)
  --size B           bytes per transaction (default 128)
  --warmup N         transactions committed first and not measured (default 0)
  --peers LIST       which peers to submit to: ids (peer-1,peer-2) or URLs (default: all)
  --out FILE         JSON result (default DATA_DIR/bench/bench-TIMESTAMP.json)
  --timeout S        seconds a transaction may take to commit (default 60)
  --data-dir DIR     the cluster's run directory (default: run/ in the repository)

Prints a progress line every second and one summary line at the end; exits non-zero when any
transaction failed or the peers' chains differ. The key bits come from the simulator's
/sim/stats (reset before the measured part), so they need --qkd sim-mtls or sim-plain.

environment: BENCH_JAVA_OPTS replaces the load generator's JVM options
  (default: -Xmx512m -XX:TieredStopAtLevel=1 -XX:+UseParallelGC
  -Djava.util.concurrent.ForkJoinPool.common.parallelism=2)
USAGE
}

run_dir="$QKDCHAIN_ROOT/run"
count=""
duration=""
concurrency=1
size=128
warmup=0
peers=""
out=""
timeout=60

while [ "$#" -gt 0 ]; do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --count) need_value "$@"; count="$2"; shift 2 ;;
    --duration) need_value "$@"; duration="$2"; shift 2 ;;
    --concurrency) need_value "$@"; concurrency="$2"; shift 2 ;;
    --size) need_value "$@"; size="$2"; shift 2 ;;
    --warmup) need_value "$@"; warmup="$2"; shift 2 ;;
    --peers) need_value "$@"; peers="$2"; shift 2 ;;
    --out) need_value "$@"; out="$2"; shift 2 ;;
    --timeout) need_value "$@"; timeout="$2"; shift 2 ;;
    --data-dir) need_value "$@"; run_dir="$2"; shift 2 ;;
    *) die "unknown argument $1 (see --help)" ;;
  esac
done
if [ -n "$count" ] && [ -n "$duration" ]; then die "give --count or --duration, not both"; fi
if [ -z "$count" ] && [ -z "$duration" ]; then count=1000; fi

[ -f "$run_dir/cluster.env" ] ||
  die "no cluster in $run_dir: start one with scripts/cluster.sh up (and the same --data-dir)"
run_dir="$(cd "$run_dir" && pwd)"
# shellcheck source=/dev/null
source "$run_dir/cluster.env"

peer_url() { echo "http://127.0.0.1:$((BASE_PORT + ${1#peer-}))"; }

urls=()
if [ -z "$peers" ]; then
  for ((i = 1; i <= N; i++)); do urls+=("$(peer_url "peer-$i")"); done
else
  IFS=, read -r -a chosen <<<"$peers"
  for peer in "${chosen[@]}"; do
    case "$peer" in
      http://* | https://*) urls+=("$peer") ;;
      peer-*) urls+=("$(peer_url "$peer")") ;;
      *) die "--peers: '$peer' is neither a peer id (peer-2) nor a URL" ;;
    esac
  done
fi

args=(--peers "$(IFS=,; echo "${urls[*]}")" --concurrency "$concurrency" --size "$size"
  --warmup "$warmup" --timeout "$timeout")
if [ -n "$count" ]; then args+=(--count "$count"); else args+=(--duration "$duration"); fi
case "$QKD" in
  sim-mtls)
    # The simulator wants a client certificate on every call; any peer's does.
    args+=(--sim-url "https://127.0.0.1:$SIM_PORT"
      --sim-keystore "$run_dir/certs/peer-1.p12" --sim-truststore "$run_dir/certs/truststore.p12")
    ;;
  sim-plain | classical) args+=(--sim-url "http://127.0.0.1:$SIM_PORT") ;;
  *) note "no simulator in --qkd $QKD: key bits per transaction will be n/a" ;;
esac
[ -n "$out" ] || out="$run_dir/bench/bench-$(date '+%Y%m%d-%H%M%S').json"
args+=(--out "$out")

require_java
build_if_needed benchmarks "$BENCH_JAR"
# The load generator shares the machine with the cluster it measures, so it should take little CPU:
# one Netty event loop for every connection (SubmissionLanes), C1 only (C2 compiling its HTTP
# client took two thirds of its CPU over a 25 s run), the parallel collector, and a common pool
# wide enough that the JDK HTTP client (look-ups of pending transactions, the chains' check) does
# not start a thread per response on 2 cores.
default_opts="-Xmx512m -XX:TieredStopAtLevel=1 -XX:+UseParallelGC -Djava.util.concurrent.ForkJoinPool.common.parallelism=2"
# shellcheck disable=SC2086 # BENCH_JAVA_OPTS is a list of JVM options
exec java ${BENCH_JAVA_OPTS:-$default_opts} -cp "$BENCH_JAR" io.qkdchain.bench.cluster.ClusterBench "${args[@]}"
