#!/usr/bin/env bash
# SC2015: "A && B || die" is meant (die exits); SC2153: the upper-case names come from cluster.env.
# shellcheck disable=SC2015,SC2153
# Runs a qkdchain cluster on this machine: a QKD simulator and 2^d peers as background
# processes on 127.0.0.1, with their configuration, certificates, logs, pid files and chains
# under one run directory (default: run/ in the repository).
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/aot-cache.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/aot-cache.sh"
PROBE="$QKDCHAIN_ROOT/scripts/lib/probe.py"

usage() {
  cat <<'USAGE'
usage: scripts/cluster.sh COMMAND [OPTIONS]

commands:
  up                 build if needed, write configuration and certificates, start the simulator
                     (unless --qkd external) and the peers, wait until all are healthy
  down               stop the processes this script started (by their pid files)
  restart [ID]       down, then start everything again with the same configuration and chain
                     data and wait until healthy; with ID (sim, peer-2, ...) only that process
  status             each process's pid, health and each peer's chain height and last hash
  logs [ID]          follow the logs (all, or one of sim, peer-1, ...)
  kill ID            SIGKILL one peer, e.g. peer-3 (for fault drills)
  start ID           start that peer again with the same configuration and chain data

options of every command:
  --data-dir DIR     run directory (default: run/ in the repository)

options of up (the others read what up recorded in DIR/cluster.env):
  --dimension D      hypercube dimension, 2^D peers (default 2: 4 peers)
  --base-port P      peer-i listens on 127.0.0.1:P+i (default 8080: 8081..8084)
  --sim-port S       the QKD simulator's port (default 8443)
  --qkd MODE         sim-mtls (default): simulator over mutual TLS, SAE = certificate CN
                     sim-plain: simulator over plain HTTP, SAE named in the URL path
                     classical: CSPRNG keys over the classical channel (INSECURE; a baseline)
                     external: real or external KMEs, see --kme-url
  --family F         Toeplitz family lfsr (default) or full
  --tag-bits T       MAC tag length in bits (peer default 256)
  --quorum Q         distinct members a peer must hear directly to act (peer default N - f,
                     f = floor((N-1)/3): 3 of 4); the peer refuses a value unsafe with f liars or
                     unreachable with f members silent
  --kme-latency-ms L simulator: added latency per ETSI call
  --key-rate-bps R   simulator: key bits per second per SAE pair (0 = unlimited)
  --peer-auth MODE   how peers authenticate each other's requests (docs/security.md):
                     qkd (default with KMEs): HMAC keys from each link's QKD key stream
                     qkd-wegman-carter: Toeplitz hash XOR one-time pad from the key stream
                     hmac (default with --qkd classical): static per-pair secrets in secrets/
                     none: unauthenticated (INSECURE)
  --peer-property K=V  any other peer property (docs/configuration.md), for every peer; repeatable,
                     e.g. --peer-property qkdchain.consensus.view-timeout=1s
  --fresh            delete the peers' chain data before starting
  --no-build         use the jars as they are (fail if missing) instead of rebuilding stale ones
  --wait-seconds W   how long to wait for health (default 120)
  --netns PREFIX     one host per process, on this machine: the simulator and each peer run in
                     the network namespaces PREFIX-sim, PREFIX-peer-1 ... (made beforehand, with an
                     IPv4 address each, reachable from here), listen on that address and reach
                     each other by it, never by 127.0.0.1 (docs/deployment.md)
 external KMEs and QRNG:
  --kme-url URL      KME base URL; "{id}" in it is replaced by the peer id; or one URL per
                     peer, comma-separated in peer order (URL1,URL2,... for peer-1,peer-2,...)
  --kme-ca PEM       CA certificate of the KME's server certificate
  --sae-cert-dir DIR holds peer-i.crt and peer-i.key (the SAE client certificates)
  --key-encoding E   base64 (default) or hex, as the KME delivers keys
  --sae-ids A,B,...  SAE IDs of peer-1..N at their KMEs (default: the peer ids)
  --qrng-url URL     QRNG API base URL (default with a simulator: the simulator's)
  --qrng-api-key K   its API key (or the environment variable QRNG_API_KEY)

environment: PEER_JAVA_OPTS, SIM_JAVA_OPTS replace the JVM options
  (default -Xmx512m / -Xmx256m, each with -XX:+UseParallelGC -XX:FreqInlineSize=100
  -XX:InlineSmallCode=1000);
  QKDCHAIN_AOT_TRAINING=start trains the AOT caches at start only (seconds) instead of under
  load (about a minute and a half), once per build (docs/performance.md, "Cold start")
USAGE
}

run_dir="$QKDCHAIN_ROOT/run"
command=""
target=""
dimension=2
base_port=8080
sim_port=8443
qkd=sim-mtls
family=""
tag_bits=""
quorum=""
kme_latency_ms=""
key_rate_bps=""
peer_auth=""
kme_url=""
kme_ca=""
sae_cert_dir=""
key_encoding=""
sae_ids=""
qrng_url=""
qrng_api_key="${QRNG_API_KEY:-}"
extra_properties=()
fresh=false
build=true
wait_seconds=120
netns=""

while [ "$#" -gt 0 ]; do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --data-dir) need_value "$@"; run_dir="$2"; shift 2 ;;
    --dimension) need_value "$@"; dimension="$2"; shift 2 ;;
    --base-port) need_value "$@"; base_port="$2"; shift 2 ;;
    --sim-port) need_value "$@"; sim_port="$2"; shift 2 ;;
    --qkd) need_value "$@"; qkd="$2"; shift 2 ;;
    --family) need_value "$@"; family="$2"; shift 2 ;;
    --tag-bits) need_value "$@"; tag_bits="$2"; shift 2 ;;
    --quorum) need_value "$@"; quorum="$2"; shift 2 ;;
    --threshold)
      die "--threshold is retired: votes are now counted per member, not per vote pair." \
        "The original's 12 of 16 vote pairs maps to quorum 3 of 4: use --quorum Q" \
        "(qkdchain.consensus.quorum), or leave it out for the default N - f" ;;
    --kme-latency-ms) need_value "$@"; kme_latency_ms="$2"; shift 2 ;;
    --key-rate-bps) need_value "$@"; key_rate_bps="$2"; shift 2 ;;
    --peer-auth) need_value "$@"; peer_auth="$2"; shift 2 ;;
    --kme-url) need_value "$@"; kme_url="$2"; shift 2 ;;
    --kme-ca) need_value "$@"; kme_ca="$2"; shift 2 ;;
    --sae-cert-dir) need_value "$@"; sae_cert_dir="$2"; shift 2 ;;
    --key-encoding) need_value "$@"; key_encoding="$2"; shift 2 ;;
    --sae-ids) need_value "$@"; sae_ids="$2"; shift 2 ;;
    --qrng-url) need_value "$@"; qrng_url="$2"; shift 2 ;;
    --qrng-api-key) need_value "$@"; qrng_api_key="$2"; shift 2 ;;
    --peer-property)
      need_value "$@"
      property_pattern='^[][A-Za-z0-9._-]+=.*$'
      [[ "$2" =~ $property_pattern ]] || die "--peer-property wants KEY=VALUE, got '$2'"
      extra_properties+=("$2")
      shift 2
      ;;
    --fresh) fresh=true; shift ;;
    --no-build) build=false; shift ;;
    --wait-seconds) need_value "$@"; wait_seconds="$2"; shift 2 ;;
    --netns) need_value "$@"; netns="$2"; shift 2 ;;
    -*) die "unknown option $1 (see --help)" ;;
    *)
      if [ -z "$command" ]; then
        command="$1"
      elif [ -z "$target" ]; then
        target="$1"
      else
        die "unexpected argument $1 (see --help)"
      fi
      shift
      ;;
  esac
done
[ -n "$command" ] || { usage >&2; exit 2; }

[ "$command" != up ] || mkdir -p "$run_dir"
[ ! -d "$run_dir" ] || run_dir="$(cd "$run_dir" && pwd)"
state="$run_dir/cluster.env"

is_number() { [[ "$1" =~ ^[0-9]+$ ]]; }

# The commands that start processes start them with the Java 25 this finds (and exports).
case "$command" in up | restart | start) require_java ;; esac

# shellcheck source=lib/cluster-processes.sh
source "$QKDCHAIN_ROOT/scripts/lib/cluster-processes.sh"
# shellcheck source=lib/cluster-config.sh
source "$QKDCHAIN_ROOT/scripts/lib/cluster-config.sh"

# --- commands ------------------------------------------------------------------------------

# The parallel collector: on two cores G1's barriers and concurrent work cost more than they save
# here (measured under load: about 2,000 -> 2,200-2,400 committed tx/s, docs/performance.md).
# Less inlining in C2: five JVMs compiling the same hot code share the host's cores, and a smaller
# inlining budget makes each compilation cheaper, so the hot path is compiled sooner; warm, it
# commits as much (docs/performance.md, "Fourteenth session": 1,222-1,266 -> 1,814 tx/s over the
# cold minute in one cycle each, 2,717 -> 2,909 warm).
JIT_DEFAULTS="-XX:FreqInlineSize=100 -XX:InlineSmallCode=1000"
PEER_JAVA_DEFAULTS="-Xmx512m -XX:+UseParallelGC $JIT_DEFAULTS"
SIM_JAVA_DEFAULTS="-Xmx256m -XX:+UseParallelGC $JIT_DEFAULTS"

start_sim() {
  # `java -version` asked once in this shell: app_command runs in a subshell, where an answer
  # would not be kept (0.3 s a time, twice a start, on this VM).
  java_version_text >/dev/null
  # shellcheck disable=SC2046 # the JVM options and app_command are lists
  launch sim java $(java_opts_of "$SIM_JAR") $(app_command "$SIM_JAR" sim) \
    "--spring.config.additional-location=file:$run_dir/sim/sim.properties"
}

start_peer() {
  local id="$1"
  mkdir -p "$run_dir/$id/data"
  java_version_text >/dev/null # asked once in this shell (start_sim says why)
  # shellcheck disable=SC2046 # the JVM options and app_command are lists
  launch "$id" java $(java_opts_of "$PEER_JAR") $(app_command "$PEER_JAR" "$id") \
    "--spring.config.additional-location=file:$run_dir/$id/peer.properties"
}

# Extracts the applications and trains their AOT caches (scripts/lib/aot-cache.sh) when they are
# missing or older than the jars: once after each build. Under load on this run's ports when the
# run has a simulator on this host's loopback; else, or should that fail, at start with this run's
# configuration.
prepare_aot_caches() {
  if cache_fits "$PEER_JAR" && { ! uses_simulator || cache_fits "$SIM_JAR"; }; then return 0; fi
  extract_app "$PEER_JAR" && { ! uses_simulator || extract_app "$SIM_JAR"; } || {
    note "cannot extract the jars: starting without AOT caches"
    return 0
  }
  if uses_simulator && [ -z "${NETNS:-}" ] && [ "${QKDCHAIN_AOT_TRAINING:-load}" = load ]; then
    note "training the AOT caches under load (once per build, about a minute and a half) ..."
    if train_under_load "$BASE_PORT" "$SIM_PORT"; then return 0; fi
  fi
  local scratch
  if uses_simulator && ! cache_fits "$SIM_JAR"; then
    note "training the simulator's AOT cache at start ..."
    train_at_start "$SIM_JAR" \
      "--spring.config.additional-location=file:$run_dir/sim/sim.properties" || true
  fi
  if ! cache_fits "$PEER_JAR"; then
    note "training the peer's AOT cache at start ..."
    scratch="$(mktemp -d)"
    train_at_start "$PEER_JAR" \
      "--spring.config.additional-location=file:$run_dir/peer-1/peer.properties" \
      "--qkdchain.storage.dir=$scratch" || true
    rm -rf "$scratch"
  fi
}

health_url() {
  if [ "$1" = sim ]; then
    echo "$(sim_scheme)://$(host_of sim):$SIM_PORT"
  else
    peer_url "$1"
  fi
}

# Waits until every named process answers UP; fails with the tail of the first dead or
# unhealthy one's log. One probe process per round for all of them.
wait_healthy() {
  local deadline=$((SECONDS + wait_seconds)) pending=("$@") still name pid url
  local -a tls urls
  mapfile -t tls < <(tls_args)
  while [ "${#pending[@]}" -gt 0 ]; do
    for name in "${pending[@]}"; do
      pid="$(live_pid "$name")"
      if [ -z "$pid" ]; then
        echo "--- last lines of $run_dir/$name/$name.log:" >&2
        tail -n 40 "$run_dir/$name/$name.log" >&2 || true
        die "$name exited during start-up (log above)"
      fi
    done
    urls=()
    for name in "${pending[@]}"; do urls+=("$(health_url "$name")"); done
    mapfile -t still < <(python3 "$PROBE" unhealthy "${urls[@]}" "${tls[@]}")
    local -a next=()
    for name in "${pending[@]}"; do
      for url in "${still[@]+"${still[@]}"}"; do
        if [ "$url" = "$(health_url "$name")" ]; then next+=("$name"); fi
      done
    done
    pending=("${next[@]+"${next[@]}"}")
    [ "${#pending[@]}" -gt 0 ] || break
    if [ "$SECONDS" -ge "$deadline" ]; then
      name="${pending[0]}"
      echo "--- last lines of $run_dir/$name/$name.log:" >&2
      tail -n 40 "$run_dir/$name/$name.log" >&2 || true
      die "not healthy after ${wait_seconds}s: ${pending[*]} (log of $name above)"
    fi
    sleep 0.5
  done
}

# Refuses to start when another program holds one of the ports. The probe binds as the JVM's
# servers do (SO_REUSEADDR), so the TIME_WAIT connections a cluster stopped a moment ago leaves
# behind do not count: `down` then `up` at once works.
require_free_ports() {
  # In namespaces of their own, the ports are each namespace's, not this host's.
  [ -z "${NETNS:-}" ] || return 0
  local -a ports=()
  if uses_simulator; then ports+=("$SIM_PORT"); fi
  local id busy port
  for id in $(peer_ids); do ports+=("$((BASE_PORT + ${id#peer-}))"); done
  busy="$(python3 "$PROBE" ports "${ports[@]}")" && return 0
  for port in $busy; do
    if uses_simulator && [ "$port" = "$SIM_PORT" ]; then
      note "port $port (--sim-port) is in use"
    else
      note "port $port (peer-$((port - BASE_PORT)); --base-port $BASE_PORT) is in use"
    fi
  done
  die "another program listens on a port this cluster needs: stop it, or choose --base-port and --sim-port"
}

# Linux hands ports of its ephemeral range to outgoing connections. A peer listening on one may,
# once stopped, find its port taken (by another connection, or by a client dialling that very port
# and connecting to itself) and then cannot be restarted on it. Warn; do not refuse.
warn_if_ephemeral() {
  local first="$1" last="$2" what="$3" low high
  read -r low high 2>/dev/null </proc/sys/net/ipv4/ip_local_port_range || return 0
  if [ "$first" -le "$high" ] && [ "$last" -ge "$low" ]; then
    note "$what $first-$last overlap the kernel's ephemeral ports ($low-$high):" \
      "a stopped process may not get its port back; prefer ports below $low"
  fi
}

# A failed `up` stops what it started, so a retry does not meet busy ports.
abandon_up() {
  local status=$?
  [ "$status" -eq 0 ] && return 0
  note "up failed: stopping what it started"
  local name
  for name in $(peer_ids) sim; do stop_process "$name" >/dev/null; done
  # An AOT cache's training cluster, when up was stopped during the training.
  if [ -n "$AOT_TRAINING_DIR" ]; then
    "$QKDCHAIN_ROOT/scripts/cluster.sh" down --data-dir "$AOT_TRAINING_DIR" >/dev/null 2>&1 || true
  fi
  exit "$status"
}

cmd_up() {
  validate_up_options
  require_command python3
  if [ -f "$state" ]; then
    # shellcheck source=/dev/null
    source "$state"
    local name running=()
    for name in sim $(peer_ids); do
      [ -z "$(live_pid "$name")" ] || running+=("$name")
    done
    [ "${#running[@]}" -eq 0 ] ||
      die "already running in $run_dir: ${running[*]} (scripts/cluster.sh down first)"
  fi
  record_state
  # shellcheck source=/dev/null
  source "$state"
  trap abandon_up EXIT

  local id
  require_free_ports
  # In namespaces of their own, the ports are each namespace's, not this host's.
  if [ -z "${NETNS:-}" ]; then
    warn_if_ephemeral "$((BASE_PORT + 1))" "$((BASE_PORT + $(peer_ids | wc -w)))" "peer ports"
    ! uses_simulator || warn_if_ephemeral "$SIM_PORT" "$SIM_PORT" "simulator port"
  fi

  if ! $build; then
    [ -f "$PEER_JAR" ] || die "--no-build: $PEER_JAR is missing"
    ! uses_simulator || [ -f "$SIM_JAR" ] || die "--no-build: $SIM_JAR is missing"
  elif uses_simulator; then
    # The benchmark's load generator trains the AOT caches (prepare_aot_caches).
    build_if_needed peer-node "$PEER_JAR" qkd-simulator "$SIM_JAR" benchmarks "$BENCH_JAR"
  else
    build_if_needed peer-node "$PEER_JAR"
  fi

  mkdir -p "$run_dir/certs" "$run_dir/sim"
  if [ "$QKD" = sim-mtls ]; then
    require_command openssl "needed for the test certificates"
    # shellcheck disable=SC2046 # one argument per peer id
    "$QKDCHAIN_ROOT/scripts/make-certs.sh" ${NETNS:+--kme-name "$(host_of sim)"} \
      "$run_dir/certs" $(peer_ids) >/dev/null
  fi
  if [ "$(effective_peer_auth)" != hmac ] && [ -d "$run_dir/secrets" ]; then
    # Static secrets of an earlier hmac run: this one uses none, so none stays on disk.
    rm -rf "$run_dir/secrets"
    note "removed $run_dir/secrets: peer-auth $(effective_peer_auth) uses no static secret"
  fi
  for id in $(peer_ids); do
    mkdir -p "$run_dir/$id"
    if $fresh; then rm -rf "$run_dir/$id/data"; fi
    write_peer_config "$id"
  done

  ! uses_simulator || write_sim_config
  if $build; then prepare_aot_caches; fi
  start_all
  trap - EXIT
}

# Says which JVMs start without an AOT cache: `restart`, `start` and `up --no-build` never train
# one, so after a rebuild (or with other JVM options or another java) they start from the jar:
# the new code, but one at a time right after a restart at a p50 of about 70 ms instead of 40-46
# (docs/performance.md, "Fifteenth session").
note_missing_caches() {
  local jar
  [ -z "$QKDCHAIN_AOT_RECORD" ] || return 0 # a training cluster: it records, it has none yet
  java_version_text >/dev/null # asked once in this shell, not per cache_fits (start_sim says why)
  for jar in "$PEER_JAR" $(uses_simulator && echo "$SIM_JAR"); do
    cache_fits "$jar" ||
      note "no AOT cache fits $(basename "$jar") (rebuilt, or other JVM options or java since" \
        "its training): starting without one ('down', then 'up' without --no-build, trains it)"
  done
}

# Starts the simulator (if any) and the peers from their configuration files and waits until all
# are healthy.
start_all() {
  local id
  note_missing_caches
  # All at once: a peer does not need the simulator to start, only to report UP (its health
  # includes the KME's), and two cores are busier with five JVMs starting together than with one.
  ! uses_simulator || start_sim
  for id in $(peer_ids); do start_peer "$id"; done
  if uses_simulator; then
    wait_healthy sim
    echo "simulator ($QKD): $(health_url sim)  (stats: $(health_url sim)/sim/stats)"
  fi
  # shellcheck disable=SC2046
  wait_healthy $(peer_ids)
  echo "$N peers healthy (peer authentication: $(configured_peer_auth)):"
  for id in $(peer_ids); do echo "  $id  $(peer_url "$id")"; done
  echo "run directory: $run_dir  (logs: scripts/cluster.sh logs; stop: scripts/cluster.sh down)"
}

cmd_down() {
  if [ ! -f "$state" ]; then
    echo "no cluster in $run_dir: nothing to stop"
    return 0
  fi
  load_state
  local id
  for id in $(peer_ids); do stop_process "$id"; done
  stop_process sim
}

cmd_status() {
  load_state
  local name pid health tip url
  local -a tls
  mapfile -t tls < <(tls_args)
  printf '%-8s %-8s %-7s %-28s %s\n' NAME PID HEALTH URL "HEIGHT LAST-HASH"
  if uses_simulator; then
    pid="$(live_pid sim)"
    health=DOWN
    [ -z "$pid" ] || ! python3 "$PROBE" health "$(health_url sim)" "${tls[@]}" || health=UP
    printf '%-8s %-8s %-7s %-28s %s\n' sim "${pid:--}" "$health" "$(health_url sim)" ""
  fi
  for name in $(peer_ids); do
    pid="$(live_pid "$name")"
    url="$(peer_url "$name")"
    health=DOWN
    tip=""
    if [ -n "$pid" ] && python3 "$PROBE" health "$url"; then
      health=UP
      tip="$(python3 "$PROBE" tip "$url" 2>/dev/null || echo "?")"
    fi
    printf '%-8s %-8s %-7s %-28s %s\n' "$name" "${pid:--}" "$health" "$url" "$tip"
  done
}

known_process() {
  case "$1" in
    sim) uses_simulator || die "this cluster (--qkd external) has no simulator" ;;
    peer-*)
      local i="${1#peer-}"
      is_number "$i" && [ "$i" -ge 1 ] && [ "$i" -le "$N" ] || die "no $1 in this $N-peer cluster"
      ;;
    *) die "unknown process '$1': use sim or peer-1 ... peer-$N" ;;
  esac
}

cmd_logs() {
  load_state
  local files=() name
  if [ -n "$target" ]; then
    known_process "$target"
    files=("$run_dir/$target/$target.log")
  else
    uses_simulator && files+=("$run_dir/sim/sim.log")
    for name in $(peer_ids); do files+=("$run_dir/$name/$name.log"); done
  fi
  exec tail -n 20 -F "${files[@]}"
}

cmd_kill() {
  load_state
  [ -n "$target" ] || die "kill needs a peer id, e.g. scripts/cluster.sh kill peer-3"
  known_process "$target"
  local pid
  pid="$(live_pid "$target")"
  [ -n "$pid" ] || die "$target is not running"
  kill -KILL "$pid"
  rm -f "$(pid_file "$target")"
  echo "killed $target (pid $pid, SIGKILL)"
}

cmd_start() {
  load_state
  [ -n "$target" ] || die "start needs an id, e.g. scripts/cluster.sh start peer-3"
  known_process "$target"
  [ -z "$(live_pid "$target")" ] || die "$target is already running"
  if [ "$target" = sim ]; then
    [ -f "$run_dir/sim/sim.properties" ] || die "no configuration for sim in $run_dir"
    start_sim
  else
    [ -f "$run_dir/$target/peer.properties" ] || die "no configuration for $target in $run_dir"
    start_peer "$target"
  fi
  wait_healthy "$target"
  echo "started $target: $(health_url "$target")"
}

# Stops and starts again what `up` configured: the configuration files written by `up` (and any
# edit made to them since), the chains kept.
cmd_restart() {
  load_state
  if [ -n "$target" ]; then
    known_process "$target"
    [ -f "$run_dir/$target/$([ "$target" = sim ] && echo sim || echo peer).properties" ] ||
      die "no configuration for $target in $run_dir"
    stop_process "$target"
    if [ "$target" = sim ]; then start_sim; else start_peer "$target"; fi
    wait_healthy "$target"
    echo "restarted $target: $(health_url "$target")"
    return 0
  fi
  local id
  ! uses_simulator || [ -f "$run_dir/sim/sim.properties" ] || die "no configuration for sim in $run_dir"
  for id in $(peer_ids); do
    [ -f "$run_dir/$id/peer.properties" ] || die "no configuration for $id in $run_dir"
  done
  cmd_down
  require_free_ports
  trap abandon_up EXIT
  start_all
  trap - EXIT
}

case "$command" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  logs) cmd_logs ;;
  kill) cmd_kill ;;
  restart) cmd_restart ;;
  start) cmd_start ;;
  *) die "unknown command '$command' (see --help)" ;;
esac
