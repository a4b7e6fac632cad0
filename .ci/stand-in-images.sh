#!/usr/bin/env bash
# Makes the Dockerfile's base images available where no image registry can be reached (CI).
#
# For every `FROM` image of the Dockerfile that the engine lacks and cannot pull, builds a local
# stand-in under exactly that name, from Debian's own packages:
#   eclipse-temurin:NN-jre          Debian trixie (debootstrap) + openjdk-NN-jre-headless
#   eclipse-temurin:NN[-jdk]        ... + openjdk-NN-jdk-headless
#   maven:V-eclipse-temurin-NN      ... + openjdk-NN-jdk-headless + Debian's maven (3.9 in trixie)
# The Debian mirror is the one this machine's apt uses (/etc/apt/sources.list*). The stand-ins
# trust the same certificate authorities as this machine (its CA bundle, its Java cacerts and its
# /usr/local/share/ca-certificates), so that Maven inside the image build reaches its repository
# through whatever TLS-inspecting proxy this machine goes through.
# The Dockerfile keeps naming the public images: users pull the real ones.
#
# Idempotent: an image already present is left alone; --force rebuilds the stand-ins.
# Needs root (debootstrap), a running engine, and `debootstrap` (installed if missing).
set -euo pipefail
cd "$(dirname "$0")/.."

force=false
[ "${1:-}" = --force ] && force=true
docker_cli="${DOCKER:-docker}"
work="${STAND_IN_WORK:-/var/tmp/qkdchain-stand-ins}"
# Trixie (Debian 13): the first Debian with Java 25 (openjdk-25), the baseline of pom.xml.
suite=trixie

say() { echo "stand-in-images: $*"; }
die() { echo "stand-in-images: $*" >&2; exit 1; }

# The Debian mirror of this machine's apt configuration (deb822 or one-line format).
debian_mirror() {
  local files=() f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] && files+=("$f")
  done
  [ "${#files[@]}" -gt 0 ] || return 1
  grep -hoE '(https?)://[^ ]+/debian/?( |$)' "${files[@]}" | head -n 1 | tr -d ' ' | sed 's:/$::'
}

# The image names of the Dockerfile's FROM lines (stage names and "AS" ignored).
base_images() {
  awk 'toupper($1) == "FROM" { print $2 }' Dockerfile | sort -u
}

# "MAJOR EXTRA-PACKAGES..." of a stand-in for image $1: the Java major version, and what it needs
# beyond the JRE; fails on a name it does not know.
recipe_for() {
  local name="$1" major
  case "$name" in
    maven:*-eclipse-temurin-*)
      major="${name##*-eclipse-temurin-}"
      echo "$major openjdk-$major-jdk-headless maven"
      ;;
    eclipse-temurin:*-jre)
      major="${name#eclipse-temurin:}"
      echo "${major%-jre}"
      ;;
    eclipse-temurin:*)
      major="${name#eclipse-temurin:}"
      major="${major%-jdk}"
      echo "$major openjdk-$major-jdk-headless"
      ;;
    *) return 1 ;;
  esac
}

# A minimal Debian root file system as an image, made once (debootstrap takes a minute).
debian_base() {
  local tag="qkdchain-stand-in/debian:$suite" mirror rootfs
  if ! $force && "$docker_cli" image inspect "$tag" >/dev/null 2>&1; then
    echo "$tag"
    return
  fi
  command -v debootstrap >/dev/null || {
    say "installing debootstrap" >&2
    mkdir -p "$work"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >"$work/apt.log" 2>&1 \
      || { tail -n 20 "$work/apt.log" >&2; die "apt-get could not install debootstrap (log: $work/apt.log)"; }
  }
  mirror="$(debian_mirror)" || die "no Debian mirror in /etc/apt/sources.list*"
  rootfs="$work/rootfs-$suite"
  rm -rf "$rootfs"
  mkdir -p "$rootfs"
  say "debootstrap --variant=minbase $suite from $mirror" >&2
  # The downloaded packages stay in $work/debs for the next run on this machine.
  mkdir -p "$work/debs"
  debootstrap --variant=minbase --cache-dir="$work/debs" "$suite" "$rootfs" "$mirror" \
    >"$work/debootstrap.log" 2>&1 \
    || { tail -n 20 "$work/debootstrap.log" >&2; die "debootstrap failed (log: $work/debootstrap.log)"; }
  cat >"$rootfs/etc/apt/sources.list" <<SOURCES
deb $mirror $suite main
deb $mirror $suite-updates main
SOURCES
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" -c . | "$docker_cli" import - "$tag" >/dev/null
  rm -rf "$rootfs"
  echo "$tag"
}

# Builds image $1 from image $2 with the Debian packages $3..., trusting this machine's CAs.
build_image() {
  local name="$1" from="$2" context java_cacerts
  shift 2
  context="$(mktemp -d "$work/context.XXXXXX")"
  cp /etc/ssl/certs/ca-certificates.crt "$context/ca-certificates.crt"
  java_cacerts=/etc/ssl/certs/java/cacerts
  [ -s "$java_cacerts" ] || java_cacerts="$(dirname "$(readlink -f "$(command -v java)")")/../lib/security/cacerts"
  cp "$java_cacerts" "$context/cacerts"
  mkdir -p "$context/local-ca"
  cp /usr/local/share/ca-certificates/*.crt "$context/local-ca/" 2>/dev/null || true
  cat >"$context/Dockerfile" <<DOCKERFILE
FROM $from
ENV DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8
COPY local-ca/ /usr/local/share/ca-certificates/
RUN apt-get update \\
 && apt-get install -y --no-install-recommends $* \\
 && rm -rf /var/lib/apt/lists/*
# This machine's trust, so that a TLS-inspecting proxy's CA is trusted as it is here.
COPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY cacerts /etc/ssl/certs/java/cacerts
LABEL io.qkdchain.stand-in="local build from Debian $suite packages (.ci/stand-in-images.sh)"
CMD ["bash"]
DOCKERFILE
  say "building $name ($*)"
  DOCKER_BUILDKIT=0 "$docker_cli" build -q -t "$name" "$context" >/dev/null \
    || { rm -rf "$context"; die "building $name failed"; }
  rm -rf "$context"
}

# The stand-in $1: Debian base $2, plus a JRE layer shared by every image of that Java version.
build_stand_in() {
  local name="$1" base="$2" recipe major extra java
  recipe="$(recipe_for "$name")" || die "no stand-in recipe for base image '$name'"
  read -r major extra <<<"$recipe"
  java="qkdchain-stand-in/java:$major"
  if $force || ! "$docker_cli" image inspect "$java" >/dev/null 2>&1; then
    build_image "$java" "$base" ca-certificates ca-certificates-java "openjdk-$major-jre-headless"
  fi
  # shellcheck disable=SC2086 # extra is a list of packages
  build_image "$name" "$java" ca-certificates $extra
}

[ "$(id -u)" -eq 0 ] || die "must run as root (debootstrap)"
"$docker_cli" info >/dev/null 2>&1 || die "no Docker engine answers"
mkdir -p "$work"

missing=()
for image in $(base_images); do
  if ! $force && "$docker_cli" image inspect "$image" >/dev/null 2>&1; then
    say "$image present"
  elif ! $force && timeout 30 "$docker_cli" pull -q "$image" >/dev/null 2>&1; then
    say "$image pulled"
  else
    missing+=("$image")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  base="$(debian_base)"
  for image in "${missing[@]}"; do build_stand_in "$image" "$base"; done
fi
