#!/usr/bin/env bash
# A peer's restart to ready (docs/performance.md, tenth session): on a fresh idle cluster, RUNS
# times: SIGKILL peer-2, `cluster.sh start peer-2`, and the milliseconds until its readiness
# answers UP (polled every 50 ms), with the JVM's own "Started ... (process running for ...)".
# The Java 25 that scripts/lib/java-home.sh finds (JAVA_HOME first) runs everything.
# usage: benchmarks/jit/restart.sh [RUNS] [OUT_DIR]     (default 3, run/jit/restart)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-3}" out="${2:-run/jit/restart}"
mkdir -p "$out"
# shellcheck source=../../scripts/lib/java-home.sh
source scripts/lib/java-home.sh
use_java
scripts/cluster.sh down >/dev/null 2>&1 || true
scripts/cluster.sh up --fresh >"$out/up.log" 2>&1 # builds and trains the AOT caches if needed
sleep 5
log=run/peer-2/peer-2.log
for i in $(seq 1 "$runs"); do
  scripts/cluster.sh kill peer-2 >/dev/null
  before=$(wc -l <"$log")
  t0=$(date +%s%N)
  scripts/cluster.sh start peer-2 >/dev/null &
  tries=0
  until curl -fsS -o /dev/null http://127.0.0.1:8082/actuator/health/readiness 2>/dev/null; do
    tries=$((tries + 1))
    [ "$tries" -lt 2400 ] || { echo "peer-2 not ready after 120 s" >&2; exit 1; }
    sleep 0.05
  done
  t1=$(date +%s%N)
  wait
  started=$(tail -n +"$((before + 1))" "$log" | grep -o 'Started .* (process running for [0-9.]*)' | tail -1)
  echo "run $i: ready in $(((t1 - t0) / 1000000)) ms | $started | $(java -version 2>&1 | head -1)" |
    tee -a "$out/summary.txt"
  sleep 3
done
scripts/cluster.sh down >/dev/null 2>&1
