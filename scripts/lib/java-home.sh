# Finds the Java the project needs: sourced, never run (by scripts/lib/common.sh and the scripts
# that do not use it).
# shellcheck shell=bash
#
# The build targets Java 25 (pom.xml, java.version), and the scripts start the jars from a Java 25
# AOT cache. A machine may have Java 25 installed beside an older default (Debian keeps JDKs
# under /usr/lib/jvm and points /usr/bin/java at one of them), so use_java looks, in order, at:
#   1. JAVA_HOME,
#   2. the java on the PATH,
#   3. every JDK under /usr/lib/jvm (Linux packages) and /Library/Java/JavaVirtualMachines (macOS),
#      newest first,
# takes the first JDK (java and javac) of version JAVA_FEATURE_NEEDED or later, and exports it as
# JAVA_HOME with its bin/ first on the PATH, so that Maven and every java started after it agree.

JAVA_FEATURE_NEEDED=25

# The feature version (25 of 25.0.3) of the JDK at home $1, from its `release` file, else from
# asking its java; nothing when $1 is not a JDK.
java_feature_at() {
  local home="$1" version=""
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 0
  if [ -f "$home/release" ]; then
    version="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release")"
  fi
  if [ -z "$version" ]; then
    version="$("$home/bin/java" -XshowSettings:properties -version 2>&1 |
      awk -F'= ' '/java.specification.version/ {print $2}')"
    version="${version%%.*}"
  fi
  echo "$version"
}

# The JDK homes to consider, in order of preference (see above).
java_home_candidates() {
  [ -z "${JAVA_HOME:-}" ] || echo "$JAVA_HOME"
  local java
  if java="$(command -v java 2>/dev/null)"; then
    java="$(readlink -f "$java" 2>/dev/null || echo "$java")"
    dirname "$(dirname "$java")"
  fi
  local home
  for home in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$home" ] && [ ! -L "$home" ] && echo "$(java_feature_at "$home") $home"
  done | sort -rn | cut -d' ' -f2-
}

# Exports JAVA_HOME and PATH for the first JDK of JAVA_FEATURE_NEEDED or later; on failure prints
# what it found and returns 1.
use_java() {
  local home feature found=""
  while IFS= read -r home; do
    [ -n "$home" ] || continue
    feature="$(java_feature_at "$home")"
    if [ -n "$feature" ] && [ "$feature" -ge "$JAVA_FEATURE_NEEDED" ] 2>/dev/null; then
      export JAVA_HOME="$home"
      case ":$PATH:" in
        ":$home/bin:"*) ;;
        *) export PATH="$home/bin:$PATH" ;;
      esac
      return 0
    fi
    found="$found ${home}${feature:+ (Java $feature)}"
  done < <(java_home_candidates | awk '!seen[$0]++')
  echo "a Java $JAVA_FEATURE_NEEDED JDK (java and javac) is required; found:${found:- none}." \
    "Install one (Debian 13: openjdk-$JAVA_FEATURE_NEEDED-jdk-headless; or Eclipse Temurin)" \
    "and point JAVA_HOME at it" >&2
  return 1
}
