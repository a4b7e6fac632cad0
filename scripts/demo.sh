#!/usr/bin/env bash
# The README's run command: start a four-peer cluster on the QKD simulator (mutual TLS), send
# one transaction, show the block that holds it on every peer, and say how to stop. The
# cluster keeps running afterwards.
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

usage() {
  cat <<'USAGE'
usage: scripts/demo.sh [--data TEXT] [scripts/cluster.sh up options]

Starts the cluster (scripts/cluster.sh up, default: 4 peers, simulator over mutual TLS) unless
one is already running in the run directory, sends one transaction to peer-1 and waits for its
commit, then prints that block as every peer has it. Stop with: scripts/cluster.sh down
USAGE
}

data="hello from the qkdchain demo at $(date '+%Y-%m-%d %H:%M:%S')"
run_dir="$QKDCHAIN_ROOT/run"
up_args=()
while [ "$#" -gt 0 ]; do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --data)
      [ "$#" -ge 2 ] || die "--data needs a value"
      data="$2"
      shift 2
      ;;
    --data-dir)
      [ "$#" -ge 2 ] || die "--data-dir needs a value"
      run_dir="$2"
      up_args+=("$1" "$2")
      shift 2
      ;;
    *) up_args+=("$1"); shift ;;
  esac
done

require_command python3 "install Python 3"

running() {
  [ -f "$run_dir/cluster.env" ] || return 1
  local n base i
  n="$(sed -n 's/^N=//p' "$run_dir/cluster.env")"
  base="$(sed -n 's/^BASE_PORT=//p' "$run_dir/cluster.env")"
  for ((i = 1; i <= n; i++)); do
    python3 "$QKDCHAIN_ROOT/scripts/lib/probe.py" health "http://127.0.0.1:$((base + i))" || return 1
  done
}

# The default sim-mtls needs openssl for its test certificates; without it the demo still runs,
# on the simulator's plain-HTTP mode, and says so.
if ! command -v openssl >/dev/null 2>&1 && [[ " ${up_args[*]-} " != *" --qkd "* ]]; then
  note "openssl is not installed, so no test certificates: using --qkd sim-plain (no TLS)"
  up_args+=(--qkd sim-plain)
fi

if running; then
  echo "== a cluster is already running in $run_dir: using it"
else
  echo "== starting the cluster: scripts/cluster.sh up ${up_args[*]}"
  "$QKDCHAIN_ROOT/scripts/cluster.sh" up "${up_args[@]+"${up_args[@]}"}"
fi

run_dir="$(cd "$run_dir" && pwd)"
# shellcheck source=/dev/null
source "$run_dir/cluster.env"
peers=()
for ((i = 1; i <= N; i++)); do peers+=("http://127.0.0.1:$((BASE_PORT + i))"); done

echo
echo "== sending one transaction to peer-1 and waiting for its commit"
python3 - "$data" "${peers[@]}" <<'PY'
import json, sys, time, urllib.error, urllib.request

data, peers = sys.argv[1], sys.argv[2:]


def call(method, url, body=None):
    request = urllib.request.Request(
        url,
        data=None if body is None else json.dumps(body).encode(),
        method=method,
        headers={"Content-Type": "application/json", "Accept": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as answer:
        return json.loads(answer.read())


print(f"$ curl -s -X POST '{peers[0]}/api/v1/transactions?wait=true' \\")
print(f"    -H 'Content-Type: application/json' -d '{json.dumps({'data': data})}'")
started = time.monotonic()
answer = call("POST", peers[0] + "/api/v1/transactions?wait=true", {"data": data})
latency = (time.monotonic() - started) * 1000
print(json.dumps(answer))
index = answer.get("blockIndex")
if index is None:
    sys.exit(f"demo: peer-1 answered without a blockIndex: {answer}")
print(f"committed in block {index} after {latency:.0f} ms")
print()
print(f"== block {index} on every peer (GET /api/v1/blocks/{index})")

hashes = set()
for number, peer in enumerate(peers, start=1):
    deadline = time.monotonic() + 15
    while True:
        try:
            block = call("GET", f"{peer}/api/v1/blocks/{index}")
            break
        except urllib.error.HTTPError as e:
            # A peer a moment behind has not appended the block yet.
            if e.code != 404 or time.monotonic() > deadline:
                sys.exit(f"demo: peer-{number} ({peer}) answered {e.code} for block {index}")
            time.sleep(0.1)
    texts = [t.get("data") for t in block.get("transactions", [])]
    mine = "yes" if data in texts or block.get("data") == data else "NO"
    print(f"peer-{number}  index {block['index']}  hash {block['hash']}  holds the transaction: {mine}")
    if mine != "yes":
        sys.exit(f"demo: peer-{number}'s block {index} does not hold the transaction")
    hashes.add(block["hash"])
if len(hashes) != 1:
    sys.exit(f"demo: the peers disagree on block {index}: {sorted(hashes)}")
print(f"all {len(peers)} peers hold the same block {index}: {hashes.pop()}")
PY

hint=""
[ "$run_dir" = "$QKDCHAIN_ROOT/run" ] || hint=" --data-dir $run_dir"
echo
echo "== the cluster keeps running"
echo "   status:  scripts/cluster.sh status$hint"
echo "   more:    scripts/send_transaction.py --peer ${peers[0]} --data 'another one' --wait"
echo "   stop:    scripts/cluster.sh down$hint"
