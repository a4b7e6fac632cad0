#!/usr/bin/env bash
# Issue 13's warm and one-at-a-time figures with where the CPU goes (docs/performance.md, eleventh
# session): a fresh cluster, a discarded 240 s at 288 clients, three 30 s runs at 288 after 3,000
# warm-up transactions and two runs of 400 one at a time, with benchmarks/cpu/threads.py over 20 s
# of each warm run and 6 s of the first one-at-a-time run (which lasts 10-15 s).
# usage: benchmarks/cpu/warm-cpu.sh [OUT_DIR]     (default run/cpu)
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${1:-run/cpu}"
mkdir -p "$out"
summary() { tail -2 "$1" | head -1; }
scripts/cluster.sh down >/dev/null 2>&1 || true
scripts/cluster.sh up --fresh >"$out/up.log" 2>&1
scripts/bench.sh --duration 240 --concurrency 288 --out "$out/discard.json" >"$out/discard.log" 2>&1
echo "discarded: $(summary "$out/discard.log")" | tee "$out/summary.txt"
for i in 1 2 3; do
  (sleep 8 && benchmarks/cpu/threads.py 20 >"$out/cpu-warm-$i.txt") &
  scripts/bench.sh --duration 30 --concurrency 288 --warmup 3000 --out "$out/warm-$i.json" >"$out/warm-$i.log" 2>&1
  wait
  echo "warm $i: $(summary "$out/warm-$i.log")" | tee -a "$out/summary.txt"
done
for i in 1 2; do
  if [ "$i" = 1 ]; then (sleep 3 && benchmarks/cpu/threads.py 6 >"$out/cpu-one.txt") & fi
  scripts/bench.sh --count 400 --warmup 50 --concurrency 1 --out "$out/one-$i.json" >"$out/one-$i.log" 2>&1
  wait
  echo "one at a time $i: $(summary "$out/one-$i.log")" | tee -a "$out/summary.txt"
done
scripts/cluster.sh down >/dev/null 2>&1
