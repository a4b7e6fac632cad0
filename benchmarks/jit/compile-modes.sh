#!/usr/bin/env bash
# One JVM configuration of the ninth session's comparison (docs/performance.md, "compiled five
# ways"): a timed `up --fresh --no-build`, 60 s at 288 clients the moment it returns (cold), 60 s
# more, and 300 one at a time. With --long, 300 s at 288 instead of the two 60 s runs.
# usage: benchmarks/jit/compile-modes.sh LABEL [--long]
#   JAVA_HOME (optional) chooses the JVM; PEER_JAVA_OPTS and SIM_JAVA_OPTS the options, e.g.
#   PEER_JAVA_OPTS="-Xmx512m -XX:+UseParallelGC -XX:TieredStopAtLevel=1" ... compile-modes.sh c1
set -euo pipefail
cd "$(dirname "$0")/../.."
label="${1:?usage: compile-modes.sh LABEL [--long]}" long="${2:-}"
out="run/jit/$label"
mkdir -p "$out"
if [ -n "${JAVA_HOME:-}" ]; then export PATH="$JAVA_HOME/bin:$PATH"; fi
scripts/cluster.sh down >/dev/null 2>&1 || true
scripts/cluster.sh up --fresh >/dev/null 2>&1 && scripts/cluster.sh down >/dev/null 2>&1 # AOT caches for this JVM
t0=$(date +%s.%N)
scripts/cluster.sh up --fresh --no-build >"$out/up.log" 2>&1
t1=$(date +%s.%N)
per10() { grep -E 'bench +[0-9]+s-[0-9]+s:' "$1" | grep -oE ': [0-9]+ tx/s' | tr -d ':' | awk '{printf "%s ", $1}'; }
if [ "$long" = "--long" ]; then
  scripts/bench.sh --duration 300 --concurrency 288 >"$out/long.log" 2>&1
  first="300 s: $(per10 "$out/long.log")"
else
  scripts/bench.sh --duration 60 --concurrency 288 >"$out/cold.log" 2>&1
  first="cold 60 s: $(tail -2 "$out/cold.log" | head -1 | grep -oE '[0-9.]+ tx/s') per 10 s: $(per10 "$out/cold.log")"
fi
scripts/bench.sh --duration 60 --concurrency 288 >"$out/next.log" 2>&1
scripts/bench.sh --count 300 --warmup 10 --concurrency 1 >"$out/one.log" 2>&1
echo "$label | up $(echo "$t1 - $t0" | bc) s | $first | next 60 s: $(tail -2 "$out/next.log" | head -1 | grep -oE '[0-9.]+ tx/s, latency p50 [0-9.]+ ms') | one at a time: $(tail -2 "$out/one.log" | head -1 | grep -oE 'p50 [0-9.]+ ms p95 [0-9.]+ ms p99 [0-9.]+ ms')" |
  tee -a run/jit/summary.txt
scripts/cluster.sh down >/dev/null 2>&1
