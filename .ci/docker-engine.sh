# shellcheck shell=bash
# Sourced by .ci/run: a Docker engine for the compose test (system-tests ComposeClusterIT).
#
# ensure_docker_engine: uses the engine that answers; else, as root, installs Debian's docker.io
# and docker-compose where missing and starts dockerd in the background (log in
# $QKDCHAIN_CI_DIR/dockerd.log), its bridge and networks in 198.18.0.0/15, the benchmarking
# range, so they cannot clash with a real network's addresses. Then makes the Dockerfile's base
# images available (.ci/stand-in-images.sh) and exports QKDCHAIN_REQUIRE_DOCKER=true: from then
# on a compose failure fails the build. Only when no engine can be had at all does it print why
# and leave the compose test to skip.
# stop_docker_engine: stops the dockerd that ensure_docker_engine started, and nothing else.

QKDCHAIN_CI_DIR="${QKDCHAIN_CI_DIR:-/var/tmp/qkdchain-ci}"
started_dockerd_pid=""

engine_answers() { timeout 20 docker info >/dev/null 2>&1; }

compose_answers() {
  timeout 20 docker compose version >/dev/null 2>&1 || timeout 20 docker-compose version >/dev/null 2>&1
}

# The docker CLI first on PATH may be a newer client without the buildx plugin, which cannot run
# a BuildKit build (the Dockerfile's cache mount needs one); Debian's docker.io client (20.10)
# builds with BuildKit itself. Puts that one first, through a directory of its own.
prefer_buildkit_cli() {
  local major
  timeout 20 docker buildx version >/dev/null 2>&1 && return 0
  major="$(docker version -f '{{.Client.Version}}' 2>/dev/null | cut -d. -f1)"
  [[ "$major" =~ ^[0-9]+$ ]] && [ "$major" -lt 23 ] && return 0
  if [ -x /usr/bin/docker ] && [ "$(command -v docker)" != /usr/bin/docker ]; then
    mkdir -p "$QKDCHAIN_CI_DIR/bin"
    ln -sf /usr/bin/docker "$QKDCHAIN_CI_DIR/bin/docker"
    export PATH="$QKDCHAIN_CI_DIR/bin:$PATH"
    echo "docker-engine: using /usr/bin/docker (BuildKit built in) ahead of a client without buildx"
  fi
}

apt_install() {
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1 ||
    { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1; }
}

start_dockerd() {
  local waited=0
  mkdir -p "$QKDCHAIN_CI_DIR"
  echo "docker-engine: starting dockerd (log: $QKDCHAIN_CI_DIR/dockerd.log)"
  dockerd --bip 198.18.0.1/24 --default-address-pool base=198.18.64.0/18,size=24 \
    >"$QKDCHAIN_CI_DIR/dockerd.log" 2>&1 &
  started_dockerd_pid=$!
  while ! engine_answers; do
    if ! kill -0 "$started_dockerd_pid" 2>/dev/null || [ "$waited" -ge 60 ]; then
      echo "docker-engine: dockerd did not come up; last lines of its log:"
      tail -n 15 "$QKDCHAIN_CI_DIR/dockerd.log" || true
      stop_docker_engine
      return 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
  echo "docker-engine: dockerd up after ${waited}s (pid $started_dockerd_pid)"
}

ensure_docker_engine() {
  local started=$SECONDS
  if ! engine_answers; then
    if [ "$(id -u)" -ne 0 ]; then
      echo "docker-engine: SKIP compose test: no Docker engine answers and, not being root, CI cannot start one"
      return 0
    fi
    if ! command -v dockerd >/dev/null; then
      echo "docker-engine: installing Debian's docker.io and docker-compose"
      apt_install docker.io docker-compose || {
        echo "docker-engine: SKIP compose test: apt-get could not install docker.io"
        return 0
      }
    fi
    start_dockerd || {
      echo "docker-engine: SKIP compose test: the engine cannot start on this machine"
      return 0
    }
  fi
  if ! compose_answers; then
    echo "docker-engine: installing Debian's docker-compose"
    apt_install docker-compose || echo "docker-engine: docker-compose could not be installed"
  fi
  prefer_buildkit_cli
  # From here on the engine runs: whatever fails now is a failure, not a skip.
  export QKDCHAIN_REQUIRE_DOCKER=true
  if [ "$(id -u)" -eq 0 ]; then
    DOCKER=docker .ci/stand-in-images.sh
  fi
  echo "docker-engine: engine and base images ready in $((SECONDS - started))s"
}

stop_docker_engine() {
  local waited=0
  [ -n "$started_dockerd_pid" ] || return 0
  kill -TERM "$started_dockerd_pid" 2>/dev/null || true
  while kill -0 "$started_dockerd_pid" 2>/dev/null && [ "$waited" -lt 30 ]; do
    sleep 1
    waited=$((waited + 1))
  done
  if kill -0 "$started_dockerd_pid" 2>/dev/null; then
    kill -KILL "$started_dockerd_pid" 2>/dev/null || true
  fi
  echo "docker-engine: stopped the dockerd CI started (pid $started_dockerd_pid)"
  started_dockerd_pid=""
}
