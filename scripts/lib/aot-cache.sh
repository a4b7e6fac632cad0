# Class-data archives for the peer and the simulator: sourced, never run.
# shellcheck shell=bash
#
# A Spring Boot application spends most of its start loading, verifying and linking thousands of
# classes. An archive holds them already parsed and verified, so a JVM started with it maps
# them instead (docs/performance.md, "Cold start"): on Java 17 to 24 a dynamic AppCDS archive
# (-XX:ArchiveClassesAtExit / -XX:SharedArchiveFile), on Java 25 and later an AOT cache (JEPs 483,
# 514, 515: classes loaded and linked, and method profiles; -XX:AOTCacheOutput / -XX:AOTCache).
# Either needs the application as plain jars on the class path, not nested in the executable
# jar, so the jar is first extracted (Spring Boot's jarmode tools) into DIR = <module>/target/app/:
#
#   DIR/<name>.jar  DIR/lib/*.jar    the extracted application (same classes as the jar)
#   DIR/app.jsa                      the archive or AOT cache written by a training start
#   DIR/app.jsa.java                 the java that wrote it (an archive only fits its own JVM)
#
# Training starts the application with the run's own configuration up to the point where the
# Spring context is refreshed (-Dspring.context.exit=onRefresh: every bean is created, no port is
# bound, nothing is started) and dumps the classes it loaded when the JVM exits.

# The directory of the extracted application of JAR.
app_dir() { echo "$(dirname "$1")/app"; }

# `java -version` of the java on the PATH, asked once.
JAVA_VERSION_TEXT=""
java_version_text() {
  [ -n "$JAVA_VERSION_TEXT" ] || JAVA_VERSION_TEXT="$(java -version 2>&1 | tr '\n' ' ')"
  echo "$JAVA_VERSION_TEXT"
}

# What identifies the running JVM: its path and full version.
java_identity() {
  echo "$(command -v java) $(java_version_text)"
}

# True when the running java has the AOT cache (Java 25 or later).
java_has_aot_cache() {
  local feature
  feature="$(java_version_text | sed -n 's/[^"]*version "\([0-9]*\).*/\1/p')"
  [ -n "$feature" ] && [ "$feature" -ge 25 ]
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

# True when JAR has an archive written by this java from an extraction of JAR as it is now (a
# JAR rebuilt since, by Maven or anyone, makes both stale: they would start the old code).
archive_fits() {
  local jar="$1" dir
  dir="$(app_dir "$1")"
  [ -s "$dir/app.jsa" ] && [ -f "$dir/$(basename "$jar")" ] &&
    [ "$dir/$(basename "$jar")" -nt "$jar" ] &&
    [ "$dir/app.jsa" -nt "$dir/$(basename "$jar")" ] &&
    [ "$(cat "$dir/app.jsa.java" 2>/dev/null)" = "$(java_identity)" ]
}

# Trains the archive of JAR: JVM options in $2 (a list), then the application's arguments.
# Bounded by 300 s where `timeout` exists; a failure leaves no archive (the applications then start without one).
train_archive() {
  local jar="$1" opts="$2" dir log status=0
  shift 2
  dir="$(app_dir "$jar")"
  log="$dir/training.log"
  rm -f "$dir/app.jsa" "$dir/app.jsa.java" "$dir/app.jsa.tmp"
  local output="-XX:ArchiveClassesAtExit=$dir/app.jsa.tmp"
  if java_has_aot_cache; then output="-XX:AOTCacheOutput=$dir/app.jsa.tmp"; fi
  local -a bound=()
  if command -v timeout >/dev/null; then bound=(timeout 300); fi # not on every system (macOS)
  # shellcheck disable=SC2086 # opts is a list of JVM options
  ${bound[@]+"${bound[@]}"} java $opts "$output" -Dspring.context.exit=onRefresh \
    -jar "$dir/$(basename "$jar")" "$@" >"$log" 2>&1 || status=$?
  if [ -s "$dir/app.jsa.tmp" ]; then
    mv "$dir/app.jsa.tmp" "$dir/app.jsa"
    java_identity >"$dir/app.jsa.java"
    return 0
  fi
  rm -f "$dir/app.jsa.tmp"
  note "the class-data archive of $(basename "$jar") was not written (exit $status, $log); starting without it"
  return 1
}

# The java command line (without the application's arguments) that starts JAR: with its archive
# when one fits, else the executable jar itself.
app_command() {
  local jar="$1" dir
  dir="$(app_dir "$1")"
  if archive_fits "$jar"; then
    # Should the archive not map (e.g. address space randomisation), the JVM starts without it
    # (-Xshare:auto, the default; the AOT cache's AOTMode=auto likewise).
    if java_has_aot_cache; then
      echo "-XX:AOTCache=$dir/app.jsa -jar $dir/$(basename "$jar")"
    else
      echo "-XX:SharedArchiveFile=$dir/app.jsa -Xshare:auto -jar $dir/$(basename "$jar")"
    fi
  else
    echo "-jar $jar"
  fi
}
