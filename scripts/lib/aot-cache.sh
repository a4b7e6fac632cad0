# AOT caches for the peer and the simulator: sourced by scripts/cluster.sh, never run.
# shellcheck shell=bash
#
# A Spring Boot application spends its first seconds loading and linking thousands of classes, and
# its first minute running interpreted code while the JIT gathers profiles. Java 25's AOT cache
# (JEPs 483, 514, 515) holds both from a training run: the classes loaded and linked, and the
# method profiles, so a JVM started from it is ready sooner and compiles its hot code sooner
# (docs/performance.md, "Cold start"). It needs the application as plain jars on the class path,
# so each jar is first extracted (Spring Boot's jarmode tools) into DIR = <module>/target/app/:
#
#   DIR/<name>.jar DIR/lib/*.jar   the extracted application (the same classes as the jar)
#   DIR/app.aot                    the AOT cache
#   DIR/app.aot.java               the java and JVM options that made it (it fits only those)
#   DIR/app.aotconf                what the training run recorded (-XX:AOTMode=record)
#   DIR/training.log               the log of the step that made the cache
#
# Training runs once per build (scripts/cluster.sh up without --no-build), in one of two ways:
#   under load (train_under_load): a throw-away cluster of the default shape on this run's ports,
#     its simulator and peer-1 recording, carries scripts/bench.sh's load; stopping it writes the
#     records, and -XX:AOTMode=create makes each cache from its record;
#   at start (train_at_start), where no throw-away cluster can run (network namespaces) or the
#     training under load failed: the application starts with the run's own configuration up to
#     its refreshed Spring context (-Dspring.context.exit=onRefresh: every bean created, no port
#     bound) and writes its cache when the JVM exits (-XX:AOTCacheOutput).

# Set in a training cluster's own cluster.sh: its simulator and peer-1 record (see app_command).
QKDCHAIN_AOT_RECORD="${QKDCHAIN_AOT_RECORD:-}"
# The run directory of the training cluster while it runs, so that a stopped `up` stops it too.
AOT_TRAINING_DIR=""

# The directory of the extracted application of JAR.
app_dir() { echo "$(dirname "$1")/app"; }

# `java -version` of the java on the PATH, asked once.
JAVA_VERSION_TEXT=""
java_version_text() {
  [ -n "$JAVA_VERSION_TEXT" ] || JAVA_VERSION_TEXT="$(java -version 2>&1 | tr '\n' ' ')"
  echo "$JAVA_VERSION_TEXT"
}

# The JVM options of the application of JAR (PEER_JAVA_OPTS or SIM_JAVA_OPTS, else cluster.sh's
# defaults).
java_opts_of() {
  if [ "$1" = "$SIM_JAR" ]; then
    echo "${SIM_JAVA_OPTS:-$SIM_JAVA_DEFAULTS}"
  else
    echo "${PEER_JAVA_OPTS:-$PEER_JAVA_DEFAULTS}"
  fi
}

# What a cache of JAR must have been made with: the java's path and full version, and the JVM
# options (a cache made with another collector or heap does not fit).
java_identity() {
  echo "$(command -v java) $(java_version_text) | $(java_opts_of "$1")"
}

# Extracts JAR into its app directory unless that is already newer than JAR.
extract_app() {
  local jar="$1" dir
  dir="$(app_dir "$1")"
  if [ -f "$dir/$(basename "$jar")" ] && [ "$dir/$(basename "$jar")" -nt "$jar" ]; then
    return 0
  fi
  rm -rf "$dir"
  java -Djarmode=tools -jar "$jar" extract --destination "$dir" >/dev/null 2>&1 ||
    { rm -rf "$dir"; return 1; }
  # The extracted jars keep the build's timestamps; the marker of this extraction is the
  # application jar's own time.
  touch "$dir/$(basename "$jar")"
}

# True when JAR has a cache written by this java from an extraction of JAR as it is now (a JAR
# rebuilt since, by Maven or anyone, makes both stale: they would start the old code).
cache_fits() {
  local jar="$1" dir
  dir="$(app_dir "$1")"
  [ -s "$dir/app.aot" ] && [ -f "$dir/$(basename "$jar")" ] &&
    [ "$dir/$(basename "$jar")" -nt "$jar" ] &&
    [ "$dir/app.aot" -nt "$dir/$(basename "$jar")" ] &&
    [ "$(cat "$dir/app.aot.java" 2>/dev/null)" = "$(java_identity "$jar")" ]
}

# Bounds a training step where `timeout` exists (not on every system: macOS).
bounded() {
  local seconds="$1"
  shift
  if command -v timeout >/dev/null; then timeout "$seconds" "$@"; else "$@"; fi
}

# Moves DIR/app.aot.tmp into place as JAR's cache; else says why there is none.
install_cache() {
  local jar="$1" status="$2" dir
  dir="$(app_dir "$jar")"
  if [ -s "$dir/app.aot.tmp" ]; then
    mv "$dir/app.aot.tmp" "$dir/app.aot"
    java_identity "$jar" >"$dir/app.aot.java"
    return 0
  fi
  rm -f "$dir/app.aot.tmp"
  note "the AOT cache of $(basename "$jar") was not written (exit $status, $dir/training.log)"
  return 1
}

# Trains JAR's cache at start; the application's arguments follow JAR.
train_at_start() {
  local jar="$1" opts dir status=0
  shift
  opts="$(java_opts_of "$jar")"
  dir="$(app_dir "$jar")"
  rm -f "$dir/app.aot" "$dir/app.aot.java" "$dir/app.aot.tmp"
  # shellcheck disable=SC2086 # opts is a list of JVM options
  bounded 300 java $opts "-XX:AOTCacheOutput=$dir/app.aot.tmp" -Dspring.context.exit=onRefresh \
    -jar "$dir/$(basename "$jar")" "$@" >"$dir/training.log" 2>&1 || status=$?
  install_cache "$jar" "$status"
}

# Makes JAR's cache from the record its training run left.
create_from_record() {
  local jar="$1" opts dir status=0
  opts="$(java_opts_of "$jar")"
  dir="$(app_dir "$jar")"
  rm -f "$dir/app.aot" "$dir/app.aot.java" "$dir/app.aot.tmp"
  if [ ! -s "$dir/app.aotconf" ]; then
    note "the training run of $(basename "$jar") left no record"
    return 1
  fi
  # shellcheck disable=SC2086 # opts is a list of JVM options
  bounded 300 java $opts -XX:AOTMode=create "-XX:AOTConfiguration=$dir/app.aotconf" \
    "-XX:AOTCache=$dir/app.aot.tmp" -jar "$dir/$(basename "$jar")" >"$dir/training.log" 2>&1 ||
    status=$?
  rm -f "$dir/app.aotconf"
  install_cache "$jar" "$status"
}

# The java command line (without the application's arguments) that starts JAR as process NAME:
# from its cache when one fits, else from the executable jar itself. In a training cluster, the
# simulator and peer-1 record what they run instead (the other peers carry the load).
app_command() {
  local jar="$1" name="$2" dir
  dir="$(app_dir "$1")"
  if [ -n "$QKDCHAIN_AOT_RECORD" ]; then
    case "$name" in
      sim | peer-1)
        echo "-XX:AOTMode=record -XX:AOTConfiguration=$dir/app.aotconf -jar $dir/$(basename "$jar")"
        ;;
      *) echo "-jar $dir/$(basename "$jar")" ;;
    esac
  elif cache_fits "$jar"; then
    # Should the cache not map (e.g. address space randomisation), the JVM starts without it
    # (-XX:AOTMode=auto, the default).
    echo "-XX:AOTCache=$dir/app.aot -jar $dir/$(basename "$jar")"
  else
    echo "-jar $jar"
  fi
}

# Trains the simulator's and the peer's caches under load: a throw-away cluster of the default
# shape in a scratch run directory, on peer ports BASE+1.. ($1) and simulator port SIM ($2),
# carries 30 s of 288 waiting clients and then 100 transactions one at a time. Fails, leaving no
# cache, when any step does (its logs are named).
train_under_load() {
  local base="$1" sim="$2" scratch status=0 jar
  scratch="$(mktemp -d "${TMPDIR:-/tmp}/qkdchain-aot.XXXXXX")"
  AOT_TRAINING_DIR="$scratch"
  for jar in "$SIM_JAR" "$PEER_JAR"; do rm -f "$(app_dir "$jar")/app.aotconf"; done
  local cluster="$QKDCHAIN_ROOT/scripts/cluster.sh" bench="$QKDCHAIN_ROOT/scripts/bench.sh"
  if QKDCHAIN_AOT_RECORD=1 bounded 300 "$cluster" up --no-build --data-dir "$scratch" \
    --base-port "$base" --sim-port "$sim" >"$scratch/up.log" 2>&1 &&
    bounded 120 "$bench" --data-dir "$scratch" --duration 30 --concurrency 288 \
      --out "$scratch/load.json" >"$scratch/load.log" 2>&1 &&
    bounded 120 "$bench" --data-dir "$scratch" --count 100 --concurrency 1 \
      --out "$scratch/one.json" >>"$scratch/load.log" 2>&1; then
    :
  else
    status=$?
  fi
  STOP_GRACE_SECONDS=120 "$cluster" down --data-dir "$scratch" >>"$scratch/up.log" 2>&1 || true
  AOT_TRAINING_DIR=""
  if [ "$status" -ne 0 ]; then
    note "training under load failed (exit $status): see $scratch/up.log and $scratch/load.log"
    return 1
  fi
  create_from_record "$SIM_JAR" && create_from_record "$PEER_JAR" || return 1
  rm -rf "$scratch"
}
