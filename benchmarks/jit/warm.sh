#!/usr/bin/env bash
# Issue 13's warm figures (docs/performance.md, "Ninth session"): a fresh cluster, a discarded
# 300 s run at 288 clients, three 30 s runs at 288 after 3,000 warm-up transactions, 300 one at a
# time after 50; then a fresh cluster whose simulator adds 500 ms per ETSI call, 40 one at a time.
# PEER_JAVA_OPTS and SIM_JAVA_OPTS pass through to cluster.sh, to compare JVM options.
# usage: benchmarks/jit/warm.sh [OUT_DIR]     (default run/jit/warm)
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${1:-run/jit/warm}"
mkdir -p "$out"
last() { tail -2 "$1" | head -1; }
scripts/cluster.sh down >/dev/null 2>&1 || true
scripts/cluster.sh up --fresh >"$out/up.log" 2>&1
scripts/bench.sh --duration 300 --concurrency 288 --out "$out/discard.json" >"$out/discard.log" 2>&1
echo "discarded: $(last "$out/discard.log")" | tee -a "$out/summary.txt"
for i in 1 2 3; do
  scripts/bench.sh --duration 30 --concurrency 288 --warmup 3000 --out "$out/warm-$i.json" >"$out/warm-$i.log" 2>&1
  echo "warm $i: $(last "$out/warm-$i.log")" | tee -a "$out/summary.txt"
done
scripts/bench.sh --count 300 --warmup 50 --concurrency 1 --out "$out/one.json" >"$out/one.log" 2>&1
echo "one at a time: $(last "$out/one.log")" | tee -a "$out/summary.txt"
scripts/cluster.sh down >/dev/null 2>&1
scripts/cluster.sh up --fresh --no-build --kme-latency-ms 500 >"$out/up-slow.log" 2>&1
scripts/bench.sh --count 40 --warmup 5 --concurrency 1 --out "$out/slow.json" >"$out/slow.log" 2>&1
echo "kme +500 ms: $(last "$out/slow.log")" | tee -a "$out/summary.txt"
scripts/cluster.sh down >/dev/null 2>&1
