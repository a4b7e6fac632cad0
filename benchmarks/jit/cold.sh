#!/usr/bin/env bash
# Issue 15's cold figures (docs/performance.md, "Cold start"): RUNS cycles of a timed
# `cluster.sh up --fresh --no-build`, `bench.sh --duration 60 --concurrency 288` the moment it
# returns, then `cluster.sh restart` and 300 transactions one at a time after 10 warm-up.
# usage: benchmarks/jit/cold.sh [RUNS] [OUT_DIR]     (default 3, run/jit/cold)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-3}" out="${2:-run/jit/cold}"
mkdir -p "$out"
scripts/cluster.sh down >/dev/null 2>&1 || true
scripts/cluster.sh up --fresh >"$out/train.log" 2>&1 # builds and trains the AOT caches: not measured
scripts/cluster.sh down >/dev/null 2>&1
for i in $(seq 1 "$runs"); do
  sleep 5
  t0=$(date +%s.%N)
  scripts/cluster.sh up --fresh --no-build >"$out/up-$i.log" 2>&1
  t1=$(date +%s.%N)
  scripts/bench.sh --duration 60 --concurrency 288 --warmup 0 --out "$out/cold-$i.json" >"$out/cold-$i.log" 2>&1
  scripts/cluster.sh restart >"$out/restart-$i.log" 2>&1
  scripts/bench.sh --count 300 --warmup 10 --concurrency 1 --out "$out/one-$i.json" >"$out/one-$i.log" 2>&1
  scripts/cluster.sh down >/dev/null 2>&1
  echo "cycle $i: up $(echo "$t1 - $t0" | bc) s | cold: $(tail -2 "$out/cold-$i.log" | head -1) | one at a time: $(tail -2 "$out/one-$i.log" | head -1)" |
    tee -a "$out/summary.txt"
done
