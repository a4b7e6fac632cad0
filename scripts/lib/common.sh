# Shared by the scripts in scripts/: sourced, never run.
# shellcheck shell=bash disable=SC2034 # the jar paths are used by the scripts that source this
# Callers set `set -euo pipefail` themselves.

# The repository root, from this file's location (scripts/lib/common.sh).
QKDCHAIN_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PEER_JAR="$QKDCHAIN_ROOT/peer-node/target/peer-node-0.1.0-SNAPSHOT.jar"
SIM_JAR="$QKDCHAIN_ROOT/qkd-simulator/target/qkd-simulator-0.1.0-SNAPSHOT.jar"
BENCH_JAR="$QKDCHAIN_ROOT/benchmarks/target/benchmarks.jar"

die() {
  echo "$(basename "$0"): $*" >&2
  exit 1
}

# Fails the option parsing of a script: "$@" is the rest of its arguments, from the option on.
need_value() {
  if [ "$#" -lt 2 ] || [ -z "$2" ]; then die "option $1 needs a value (see --help)"; fi
}

note() {
  echo "$(basename "$0"): $*" >&2
}

require_command() {
  command -v "$1" >/dev/null 2>&1 || die "$1 is required but not on the PATH${2:+ ($2)}"
}

# shellcheck source=java-home.sh
source "$QKDCHAIN_ROOT/scripts/lib/java-home.sh"

# A Java 25 JDK first on the PATH and in JAVA_HOME (scripts/lib/java-home.sh says where it looks):
# the build targets 25, and the jars start from Java 25 AOT caches.
require_java() {
  use_java || die "no Java $JAVA_FEATURE_NEEDED JDK (above)"
}

# True when $1 is missing or any source or pom of the modules $2... is newer than it.
stale() {
  local artifact="$1"
  shift
  [ -f "$artifact" ] || return 0
  local module newer
  for module in "$@"; do
    newer="$(find "$QKDCHAIN_ROOT/$module/src/main" "$QKDCHAIN_ROOT/$module/pom.xml" \
      -newer "$artifact" -type f -print -quit 2>/dev/null || true)"
    [ -z "$newer" ] || return 0
  done
  [ "$QKDCHAIN_ROOT/pom.xml" -nt "$artifact" ] && return 0
  return 1
}

# Builds the given modules (and what they need) when their jar is missing or older than the sources.
# Arguments: pairs of "module jar".
build_if_needed() {
  local modules=() deps
  while [ "$#" -ge 2 ]; do
    local module="$1" jar="$2"
    shift 2
    case "$module" in
      peer-node) deps=(toeplitz-core qkd-etsi014-client qrng-client peer-node) ;;
      benchmarks) deps=(toeplitz-core benchmarks) ;;
      *) deps=("$module") ;;
    esac
    if stale "$jar" "${deps[@]}"; then
      modules+=("$module")
    fi
  done
  [ "${#modules[@]}" -gt 0 ] || return 0
  require_java
  require_command mvn "install Apache Maven 3.9+"
  local list
  list="$(IFS=,; echo "${modules[*]}")"
  note "building $list (mvn -B -q -DskipTests package -pl $list -am) ..."
  local log
  log="$(mktemp)"
  # A formatting slip in a source tree must not stop a user from running it.
  if ! (cd "$QKDCHAIN_ROOT" &&
    mvn -B -q -Dstyle.color=never -DskipTests -Dspotless.check.skip=true package -pl "$list" -am) >"$log" 2>&1; then
    tail -n 60 "$log" >&2
    rm -f "$log"
    die "the build of $list failed (the end of Maven's output is above)"
  fi
  rm -f "$log"
}
