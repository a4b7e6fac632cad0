#!/usr/bin/env bash
# Side by side, in one run: Debian's etcd (four members, wrk) and a qkdchain cluster (four peers on
# the bundled simulator, scripts/bench.sh), under the same number of waiting clients writing
# 128-byte values, each from its first second. Repeats both --runs times and prints medians.
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

usage() {
  cat <<'USAGE'
usage: scripts/compare-etcd.sh [OPTIONS]

  --runs R          repetitions of the pair (default 3; medians are reported)
  --duration S      seconds of load per measurement (default 60)
  --clients C       clients waiting for their write at once (default 288)
  --warm S          seconds of the second, warm qkdchain measurement (default 30; 0 skips it)
  --only WHICH      etcd or qkdchain: measure one side only
  --data-dir DIR    where data and results go (default: run/compare in the repository)

Each etcd measurement starts four fresh members (127.0.0.1:23791-23794, peers 23801-23804) and
puts from four wrk processes of C/4 connections each; the writes committed per second are the
revision's rise, polled once a second. Each qkdchain measurement starts a fresh cluster
(scripts/cluster.sh up --fresh, ports 21081-21084, simulator 21443) and benchmarks it at once
(cold), then again for --warm seconds (warm). etcd-server and wrk are installed from Debian's
packages when missing (as root). Result: DIR/compare-TIMESTAMP.json and a table on stdout.
USAGE
}

runs=3
duration=60
clients=288
warm=30
only=""
dir="$QKDCHAIN_ROOT/run/compare"
while [ "$#" -gt 0 ]; do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --runs) need_value "$@"; runs="$2"; shift 2 ;;
    --duration) need_value "$@"; duration="$2"; shift 2 ;;
    --clients) need_value "$@"; clients="$2"; shift 2 ;;
    --warm) need_value "$@"; warm="$2"; shift 2 ;;
    --only) need_value "$@"; only="$2"; shift 2 ;;
    --data-dir) need_value "$@"; dir="$2"; shift 2 ;;
    *) die "unknown argument $1 (see --help)" ;;
  esac
done
for n in "$runs" "$duration" "$clients" "$warm"; do
  [[ "$n" =~ ^[0-9]+$ ]] || die "expected a whole number, got '$n'"
done
[ "$clients" -ge 4 ] || die "--clients must be at least 4 (one per etcd member)"
case "$only" in "" | etcd | qkdchain) ;; *) die "--only takes etcd or qkdchain, got '$only'" ;; esac

install_missing() {
  local missing=()
  command -v etcd >/dev/null || missing+=(etcd-server)
  command -v wrk >/dev/null || missing+=(wrk)
  [ "${#missing[@]}" -eq 0 ] && return
  [ "$(id -u)" -eq 0 ] || die "install ${missing[*]} (Debian packages) or run as root"
  note "installing ${missing[*]} from Debian's packages"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

etcd_pids=()
stop_etcd() {
  if [ "${#etcd_pids[@]}" -gt 0 ]; then
    kill "${etcd_pids[@]}" 2>/dev/null || true
    wait "${etcd_pids[@]}" 2>/dev/null || true
  fi
  etcd_pids=()
}
stop_cluster() { "$QKDCHAIN_ROOT/scripts/cluster.sh" down --data-dir "$dir/qkdchain" >/dev/null 2>&1 || true; }
trap 'stop_etcd; stop_cluster' EXIT

# One etcd measurement: four fresh members, wrk from four processes, the revision polled.
measure_etcd() {
  local out="$1" cluster="" i
  for i in 1 2 3 4; do cluster+="${cluster:+,}m$i=http://127.0.0.1:$((23800 + i))"; done
  rm -rf "$dir/etcd" && mkdir -p "$dir/etcd" "$out"
  for i in 1 2 3 4; do
    etcd --name "m$i" --data-dir "$dir/etcd/m$i" \
      --listen-client-urls "http://127.0.0.1:$((23790 + i))" \
      --advertise-client-urls "http://127.0.0.1:$((23790 + i))" \
      --listen-peer-urls "http://127.0.0.1:$((23800 + i))" \
      --initial-advertise-peer-urls "http://127.0.0.1:$((23800 + i))" \
      --initial-cluster "$cluster" --initial-cluster-state new \
      --initial-cluster-token qkdchain-compare >"$out/etcd-m$i.log" 2>&1 &
    etcd_pids+=("$!")
  done
  local tries=0
  until curl -fsS "http://127.0.0.1:23791/health" 2>/dev/null | grep -q '"true"'; do
    tries=$((tries + 1))
    [ "$tries" -lt 60 ] || die "etcd did not become healthy in 30 s (logs in $out)"
    sleep 0.5
  done
  python3 "$QKDCHAIN_ROOT/scripts/lib/rate_poll.py" http://127.0.0.1:23791 "$duration" "$out/rate.json" &
  local poller=$! wrks=()
  tries=0
  until [ -e "$out/rate.json.ready" ]; do # the first sample is taken: the load starts now
    tries=$((tries + 1))
    [ "$tries" -lt 200 ] || die "the revision poller did not start"
    sleep 0.05
  done
  for i in 1 2 3 4; do
    wrk -t1 -c$((clients / 4)) -d"${duration}s" --timeout 10s --latency \
      -s "$QKDCHAIN_ROOT/scripts/lib/etcd_put.lua" "http://127.0.0.1:$((23790 + i))" -- "00$i" \
      >"$out/wrk-$i.txt" 2>&1 &
    wrks+=("$!")
  done
  wait "${wrks[@]}" "$poller"
  stop_etcd
}

# One qkdchain measurement: a fresh cluster, benchmarked as soon as it is up, then warm.
measure_qkdchain() {
  local out="$1"
  mkdir -p "$out"
  "$QKDCHAIN_ROOT/scripts/cluster.sh" up --fresh --data-dir "$dir/qkdchain" \
    --base-port 21080 --sim-port 21443 >"$out/up.txt" 2>&1 || die "cluster did not start: $out/up.txt"
  "$QKDCHAIN_ROOT/scripts/bench.sh" --data-dir "$dir/qkdchain" --duration "$duration" \
    --concurrency "$clients" --out "$out/cold.json" >"$out/cold.txt" 2>&1 || note "cold bench failed: $out/cold.txt"
  if [ "$warm" -gt 0 ]; then
    "$QKDCHAIN_ROOT/scripts/bench.sh" --data-dir "$dir/qkdchain" --duration "$warm" \
      --concurrency "$clients" --out "$out/warm.json" >"$out/warm.txt" 2>&1 || note "warm bench failed: $out/warm.txt"
  fi
  stop_cluster
}

[ "$only" = qkdchain ] || install_missing
stamp="$(date '+%Y%m%d-%H%M%S')"
results="$dir/results-$stamp"
mkdir -p "$results"
for ((run = 1; run <= runs; run++)); do
  if [ "$only" != qkdchain ]; then
    note "run $run/$runs: etcd, 4 members, $clients clients, ${duration} s"
    measure_etcd "$results/run-$run/etcd"
  fi
  if [ "$only" != etcd ]; then
    note "run $run/$runs: qkdchain, 4 peers, $clients clients, ${duration} s cold + ${warm} s warm"
    measure_qkdchain "$results/run-$run/qkdchain"
  fi
done
python3 "$QKDCHAIN_ROOT/scripts/lib/compare_summary.py" "$results" "$dir/compare-$stamp.json"
