#!/usr/bin/env bash
# The scale benchmark (docs/performance.md, "Ledger size"): seeds a chain of N transactions
# offline through the chain store's own append path, measures that store offline in -Xmx512m
# (open time with its checkpoint, heap after a full GC, look-ups, a full verification), gives
# every peer of a 4-peer cluster a copy, starts the cluster on it, warms it up with discarded load
# and measures, per run: one-at-a-time commit latency, throughput under 288 waiting clients, the
# time of a full background verification, one-at-a-time commit latency while a read hammer runs
# (two clients calling GET /api/v1/chain/verify back to back, two reading random pages of
# GET /api/v1/blocks), then a peer's restart time to ready and the heap after a full GC (and
# discarded load again, so the next run meets the restarted peer warm).
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

usage() {
  cat <<'USAGE'
usage: scripts/scale-bench.sh --transactions N [OPTIONS]

  --transactions N   transactions in the seeded chain (0 for an empty chain)
  --runs R           measurement runs on the same cluster; figures are reported per run and as
                     medians (default 3)
  --per-block B      transactions per seeded block (default 256)
  --latency-count C  one-at-a-time commits measured per run, idle and under the hammer (default 300)
  --load-seconds S   seconds of the 288-client throughput run (default 30)
  --warm-seconds W   seconds of discarded load at 288 clients before the first run and after each
                     restart, so each run meets a cluster whose JIT has compiled the hot paths
                     (default 150; 0 measures the cluster cold, as before the tenth session)
  --base-port P      peer-i listens on P+i (default 28080)
  --sim-port S       the simulator's port (default 28443)
  --data-dir DIR     where seeds, the cluster and results go (default: run/scale in the repository)

The seed is kept in DIR/seed-N and reused by later runs with the same N. Results: one JSON line
per run and one with the medians, printed and appended to DIR/results.jsonl.
USAGE
}

transactions=""
runs=3
per_block=256
latency_count=300
load_seconds=30
warm_seconds=150
base_port=28080
sim_port=28443
work="$QKDCHAIN_ROOT/run/scale"

need_value() {
  if [ "$#" -lt 2 ] || [ -z "$2" ]; then die "option $1 needs a value (see --help)"; fi
}

while [ "$#" -gt 0 ]; do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --transactions) need_value "$@"; transactions="$2"; shift 2 ;;
    --runs) need_value "$@"; runs="$2"; shift 2 ;;
    --per-block) need_value "$@"; per_block="$2"; shift 2 ;;
    --latency-count) need_value "$@"; latency_count="$2"; shift 2 ;;
    --load-seconds) need_value "$@"; load_seconds="$2"; shift 2 ;;
    --warm-seconds) need_value "$@"; warm_seconds="$2"; shift 2 ;;
    --base-port) need_value "$@"; base_port="$2"; shift 2 ;;
    --sim-port) need_value "$@"; sim_port="$2"; shift 2 ;;
    --data-dir) need_value "$@"; work="$2"; shift 2 ;;
    *) die "unknown argument $1 (see --help)" ;;
  esac
done
[[ "$transactions" =~ ^[0-9]+$ ]] || die "--transactions N is required (a whole number)"
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || die "--runs must be a positive whole number"
[[ "$warm_seconds" =~ ^[0-9]+$ ]] || die "--warm-seconds must be a whole number of seconds"

require_java
require_command curl "install curl"
require_command jcmd "install a JDK (jcmd runs the full GC before the heap is read)"
build_if_needed peer-node "$PEER_JAR" qkd-simulator "$SIM_JAR" benchmarks "$BENCH_JAR"
mkdir -p "$work"
work="$(cd "$work" && pwd)"
cluster_dir="$work/cluster"
cluster=("$QKDCHAIN_ROOT/scripts/cluster.sh")
peer_url() { echo "http://127.0.0.1:$((base_port + ${1#peer-}))"; }

# The peer's own classes, unpacked from its jar (one directory per build), for the seeder.
classes="$work/peer-classes-$(date -r "$PEER_JAR" +%Y%m%d%H%M%S)"
if [ ! -f "$classes/.done" ]; then
  rm -rf "$classes"
  java -Djarmode=tools -jar "$PEER_JAR" extract --destination "$classes" >/dev/null
  touch "$classes/.done"
fi

seed="$work/seed-$transactions"
if [ ! -f "$seed/done" ]; then
  rm -rf "$seed"
  mkdir -p "$seed"
  note "seeding $transactions transactions ($per_block per block) into $seed ..."
  java -Xmx512m -cp "$classes/$(basename "$PEER_JAR"):$classes/lib/*" \
    "$QKDCHAIN_ROOT/benchmarks/scale/SeedChain.java" \
    --dir "$seed/data" --transactions "$transactions" --per-block "$per_block" | tee "$seed/seed.log"
  touch "$seed/done"
fi

note "measuring the seeded store offline (open, heap after GC, look-ups, full verification) ..."
store_line="$(java -Xmx512m -cp "$classes/$(basename "$PEER_JAR"):$classes/lib/*" \
  "$QKDCHAIN_ROOT/benchmarks/scale/MeasureStore.java" --dir "$seed/data" 2>/dev/null | tail -n 1)"
echo "{\"transactions\":$transactions,\"store\":$store_line}" | tee -a "$work/results.jsonl"

cleanup() { "${cluster[@]}" down --data-dir "$cluster_dir" >/dev/null 2>&1 || true; }
trap cleanup EXIT

note "copying the seed to each peer ..."
cleanup
for i in 1 2 3 4; do
  rm -rf "$cluster_dir/peer-$i/data"
  mkdir -p "$cluster_dir/peer-$i"
  cp -r "$seed/data" "$cluster_dir/peer-$i/data"
done
"${cluster[@]}" up --data-dir "$cluster_dir" --base-port "$base_port" --sim-port "$sim_port" \
  --no-build --wait-seconds 600 >/dev/null

bench() { # bench OUT ARGS...: the cluster benchmark, its JSON result in OUT
  local out="$1"
  shift
  "$QKDCHAIN_ROOT/scripts/bench.sh" --data-dir "$cluster_dir" --out "$out" "$@" >/dev/null
}

json_field() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2], {}, {'d': d}))" "$@"; }

# Milliseconds from launching peer-2 again (after a SIGKILL) until its readiness answers UP, and
# the JVM's own "process running for" figure from its log.
restart_peer2() {
  "${cluster[@]}" kill peer-2 --data-dir "$cluster_dir" >/dev/null
  local log="$cluster_dir/peer-2/peer-2.log" before t0 t1
  before="$(wc -l <"$log")"
  t0="$(date +%s%N)"
  "${cluster[@]}" start peer-2 --data-dir "$cluster_dir" >/dev/null &
  local starter=$!
  local tries=0
  until curl -fsS -o /dev/null "$(peer_url peer-2)/actuator/health/readiness" 2>/dev/null; do
    tries=$((tries + 1))
    [ "$tries" -lt 6000 ] || die "peer-2 not ready after 600 s"
    sleep 0.1
  done
  t1="$(date +%s%N)"
  wait "$starter"
  local jvm
  jvm="$(tail -n +"$((before + 1))" "$log" | grep -o 'process running for [0-9.]*' | tail -1 | awk '{print $4}')"
  echo "$(((t1 - t0) / 1000000)) ${jvm:-0}"
}

heap_after_gc() { # MB used by peer-1's heap right after a full GC
  local pid
  pid="$(cat "$cluster_dir/peer-1/peer-1.pid")"
  jcmd "$pid" GC.run >/dev/null
  curl -fsS "$(peer_url peer-1)/actuator/prometheus" |
    awk '/^jvm_memory_used_bytes\{.*area="heap"/ {sum += $NF} END {printf "%.1f", sum / 1048576}'
}

verify_time() { # ms of a full background verification on peer-1, and its verdict
  curl -fsS -o /dev/null "$(peer_url peer-1)/api/v1/chain/verify" || true
  local tries=0 health
  while :; do
    health="$(curl -fsS "$(peer_url peer-1)/actuator/health" || true)"
    if python3 -c "import json,sys; c=json.loads(sys.argv[1])['components']['chainIntegrity']['details']; sys.exit(0 if not c['scanning'] and c['scope']=='FULL' else 1)" "$health" 2>/dev/null; then
      break
    fi
    tries=$((tries + 1))
    [ "$tries" -lt 3000 ] || die "no full verification finished on peer-1 within 600 s"
    sleep 0.2
  done
  python3 -c "import json,sys; c=json.loads(sys.argv[1])['components']['chainIntegrity']; print(c['details']['tookMillis'], c['status'])" "$health"
}

# Discarded load: the JIT's warm-up (docs/performance.md, ninth session) is not the chain's cost.
warm_up() {
  [ "$warm_seconds" -gt 0 ] || return 0
  note "warming the cluster up: $warm_seconds s at 288 clients (discarded)"
  bench "$work/warm.json" --duration "$warm_seconds" --concurrency 288 --warmup 0
}

results="$work/results.jsonl"
lines=()
warm_up
for ((run = 1; run <= runs; run++)); do
  note "run $run/$runs (N=$transactions): latency, throughput, verification, hammer, restart, heap"
  idle_started=$SECONDS
  bench "$work/idle.json" --count "$latency_count" --concurrency 1 --warmup 20
  idle_seconds=$((SECONDS - idle_started))
  bench "$work/load.json" --duration "$load_seconds" --concurrency 288 --warmup 200
  read -r verify_ms verify_status < <(verify_time)
  hammer_out="$work/hammer.json"
  java -Xmx256m -XX:TieredStopAtLevel=1 -cp "$BENCH_JAR" io.qkdchain.bench.cluster.ReadHammer \
    --url "$(peer_url peer-1)" --duration "$((idle_seconds * 2 + 10))" >"$hammer_out" &
  hammer=$!
  sleep 2
  bench "$work/hammered.json" --count "$latency_count" --concurrency 1 --warmup 20
  # The hammer stops by itself (twice the idle run's time, so it covers the whole measured run).
  wait "$hammer"
  read -r restart_ms jvm_s < <(restart_peer2)
  heap_mb="$(heap_after_gc)"
  if [ "$run" -lt "$runs" ]; then warm_up; fi
  line="$(python3 - "$transactions" "$run" "$restart_ms" "$jvm_s" "$heap_mb" "$verify_ms" "$verify_status" \
    "$work/idle.json" "$work/load.json" "$work/hammered.json" "$hammer_out" <<'PY'
import json, sys
n, run, restart, jvm, heap, verify, status, idle, load, hammered, hammer = sys.argv[1:]
idle, load, hammered = (json.load(open(f)) for f in (idle, load, hammered))
hammer = json.load(open(hammer))
def lat(d, p):
    return d["latencyMs"][p]
print(json.dumps({
    "transactions": int(n), "run": int(run),
    "restartToReadyMs": int(restart), "jvmStartSeconds": float(jvm), "heapAfterGcMb": float(heap),
    "idleP50Ms": lat(idle, "p50"), "idleP99Ms": lat(idle, "p99"), "idleTps": idle["committedPerSecond"],
    "load288Tps": load["committedPerSecond"], "load288P50Ms": lat(load, "p50"),
    "verifyMs": int(verify), "verifyStatus": status,
    "hammeredP50Ms": lat(hammered, "p50"), "hammeredP99Ms": lat(hammered, "p99"),
    "hammer": hammer}))
PY
)"
  echo "$line"
  echo "$line" >>"$results"
  lines+=("$line")
done

python3 - "${lines[@]}" <<'PY' | tee -a "$results"
import json, statistics, sys
runs = [json.loads(line) for line in sys.argv[1:]]
keys = ["restartToReadyMs", "jvmStartSeconds", "heapAfterGcMb", "idleP50Ms", "idleP99Ms", "idleTps",
        "load288Tps", "load288P50Ms", "verifyMs", "hammeredP50Ms", "hammeredP99Ms"]
print(json.dumps({"transactions": runs[0]["transactions"], "runs": len(runs),
                  "median": {k: statistics.median(r[k] for r in runs) for k in keys}}))
PY
