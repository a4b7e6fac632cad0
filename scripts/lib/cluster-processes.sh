#!/usr/bin/env bash
# Sourced by scripts/cluster.sh: starting, finding and stopping its background
# processes. It relies on what cluster.sh sets before sourcing it
# (run_dir, state, the parsed options); not run on its own.
# shellcheck disable=SC2015,SC2153,SC2154
# --- processes -----------------------------------------------------------------------------

pid_file() { echo "$run_dir/$1/$1.pid"; }

# The pid of a process this run directory started and that still runs, or nothing. A pid is
# trusted only while its command line names this run directory, so a recycled pid is ignored.
live_pid() {
  local file pid
  file="$(pid_file "$1")"
  [ -f "$file" ] || return 0
  pid="$(cat "$file")"
  is_number "$pid" || return 0
  if [ -r "/proc/$pid/cmdline" ]; then
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$run_dir/$1/" || return 0
  else
    # No /proc (e.g. macOS): fall back to ps.
    ps -p "$pid" -o command= 2>/dev/null | grep -qF -- "$run_dir/$1/" || return 0
  fi
  echo "$pid"
}

# Starts a java process in the background, detached from this shell's terminal and signals.
launch() {
  local name="$1" log="$run_dir/$1/$1.log"
  shift
  echo "=== $(date '+%Y-%m-%d %H:%M:%S') starting $name" >>"$log"
  # ip netns exec replaces itself with the command: the pid stays the java process's.
  [ -z "${NETNS:-}" ] || set -- ip netns exec "$NETNS-$name" "$@"
  (
    close_inherited_fds
    if command -v setsid >/dev/null; then
      exec setsid nohup "$@" >>"$log" 2>&1 </dev/null
    else
      exec nohup "$@" >>"$log" 2>&1 </dev/null
    fi
  ) &
  echo $! >"$(pid_file "$name")"
}

# The processes outlive this script, so they must not keep what its caller left open: with
# `flock LOCK scripts/cluster.sh up` the peers would otherwise hold the lock until `down`.
close_inherited_fds() {
  [ -d /proc/$BASHPID/fd ] || return 0
  local fd
  for fd in /proc/$BASHPID/fd/*; do
    fd="${fd##*/}"
    if [ "$fd" -gt 2 ] 2>/dev/null; then eval "exec $fd>&-" 2>/dev/null || true; fi
  done
}

stop_process() {
  local name="$1" pid
  pid="$(live_pid "$name")"
  if [ -z "$pid" ]; then
    rm -f "$(pid_file "$name")"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  # A JVM recording for an AOT cache writes its record as it exits (scripts/lib/aot-cache.sh),
  # which takes longer than a plain stop.
  local waited=0 grace="${STOP_GRACE_SECONDS:-15}"
  while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt $((grace * 10)) ]; do
    sleep 0.1
    waited=$((waited + 1))
  done
  if kill -0 "$pid" 2>/dev/null; then
    note "$name (pid $pid) ignored SIGTERM for $grace s: SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$(pid_file "$name")"
  echo "stopped $name (pid $pid)"
}
