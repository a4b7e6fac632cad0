#!/usr/bin/env bash
# Sourced by scripts/cluster.sh: the cluster's recorded state and each process's
# configuration. It relies on what cluster.sh sets before sourcing it
# (run_dir, state, the parsed options); not run on its own.
# shellcheck disable=SC2015,SC2153,SC2154
# --- configuration -------------------------------------------------------------------------

peer_ids() {
  local i
  for ((i = 1; i <= N; i++)); do echo "peer-$i"; done
}

# The address process $1 (sim, peer-N) listens on and is reached at: 127.0.0.1, or with --netns
# its namespace's address, as recorded by up.
host_of() {
  local var="HOST_${1//-/_}"
  if [ -n "${NETNS:-}" ]; then echo "${!var}"; else echo 127.0.0.1; fi
}

peer_url() { echo "http://$(host_of "$1"):$((BASE_PORT + ${1#peer-}))"; }

sim_scheme() { [ "$QKD" = sim-mtls ] && echo https || echo http; }

uses_simulator() { [ "$QKD" != external ]; }

tls_args() {
  [ "$QKD" = sim-mtls ] || return 0
  printf '%s\n' --cert "$run_dir/certs/peer-1.crt" --key "$run_dir/certs/peer-1.key" --ca "$run_dir/certs/ca.crt"
}

load_state() {
  local hint=""
  [ "$run_dir" = "$QKDCHAIN_ROOT/run" ] || hint=" --data-dir $run_dir"
  [ -f "$state" ] || die "no cluster in $run_dir (start one: scripts/cluster.sh up$hint)"
  # shellcheck source=/dev/null
  source "$state"
}

validate_up_options() {
  is_number "$dimension" && [ "$dimension" -ge 1 ] && [ "$dimension" -le 6 ] ||
    die "--dimension must be an integer from 1 to 6, got '$dimension'"
  is_number "$base_port" || die "--base-port must be a number, got '$base_port'"
  is_number "$sim_port" || die "--sim-port must be a number, got '$sim_port'"
  local n=$((1 << dimension))
  [ $((base_port + n)) -le 65535 ] || die "--base-port $base_port leaves no room for $n peers"
  if [ "$sim_port" -gt "$base_port" ] && [ "$sim_port" -le $((base_port + n)) ]; then
    die "--sim-port $sim_port collides with the peers' ports $((base_port + 1))-$((base_port + n))"
  fi
  case "${QKDCHAIN_AOT_TRAINING:-load}" in load | start) ;;
    *) die "QKDCHAIN_AOT_TRAINING must be load or start, got '$QKDCHAIN_AOT_TRAINING'" ;;
  esac
  case "$qkd" in sim-mtls | sim-plain | classical | external) ;;
    *) die "--qkd must be sim-mtls, sim-plain, classical or external, got '$qkd'" ;;
  esac
  case "$family" in "" | lfsr | full) ;; *) die "--family must be lfsr or full, got '$family'" ;; esac
  case "$key_encoding" in "" | base64 | hex) ;;
    *) die "--key-encoding must be base64 or hex, got '$key_encoding'" ;;
  esac
  case "$peer_auth" in "" | qkd | qkd-wegman-carter | hmac | none) ;;
    *) die "--peer-auth must be qkd, qkd-wegman-carter, hmac or none, got '$peer_auth'" ;;
  esac
  if [ "$qkd" = classical ] && [[ "$peer_auth" == qkd* ]]; then
    die "--peer-auth $peer_auth draws keys from QKD links; --qkd classical has none (use hmac)"
  fi
  [ -z "$tag_bits" ] || is_number "$tag_bits" || die "--tag-bits must be a number, got '$tag_bits'"
  [ -z "$quorum" ] || is_number "$quorum" || die "--quorum must be a number, got '$quorum'"
  [ -z "$kme_latency_ms" ] || is_number "$kme_latency_ms" ||
    die "--kme-latency-ms must be a number, got '$kme_latency_ms'"
  [ -z "$key_rate_bps" ] || is_number "$key_rate_bps" ||
    die "--key-rate-bps must be a number, got '$key_rate_bps'"
  is_number "$wait_seconds" || die "--wait-seconds must be a number, got '$wait_seconds'"
  if [ -n "$netns" ]; then
    [[ "$netns" =~ ^[A-Za-z0-9_.-]+$ ]] || die "--netns wants a name prefix, got '$netns'"
    require_command ip "needed for --netns"
  fi
  if [ "$qkd" = external ]; then
    [ -n "$kme_url" ] || die "--qkd external needs --kme-url"
    if [[ "$kme_url" == *,* ]]; then
      local urls=() url
      IFS=, read -r -a urls <<<"$kme_url,"
      [ "${#urls[@]}" -eq "$n" ] ||
        die "--kme-url lists ${#urls[@]} URLs for $n peers (one per peer, in peer order, or one with {id})"
      for url in "${urls[@]}"; do
        [[ "$url" =~ ^https?://[^[:space:]]+$ ]] || die "--kme-url: '$url' is not an http(s) URL"
      done
    else
      [[ "$kme_url" =~ ^https?://[^[:space:]]+$ ]] || die "--kme-url: '$kme_url' is not an http(s) URL"
    fi
    if [[ "$kme_url" == https:* || "$kme_url" == *,https:* ]]; then
      [ -n "$sae_cert_dir" ] || die "--qkd external with an https KME needs --sae-cert-dir"
      [ -z "$kme_ca" ] || [ -f "$kme_ca" ] || die "--kme-ca $kme_ca: no such file"
    fi
    if [ -n "$sae_cert_dir" ]; then
      local i
      for ((i = 1; i <= n; i++)); do
        [ -f "$sae_cert_dir/peer-$i.crt" ] && [ -f "$sae_cert_dir/peer-$i.key" ] ||
          die "--sae-cert-dir $sae_cert_dir must hold peer-$i.crt and peer-$i.key"
      done
    fi
  else
    [ -z "$kme_url$kme_ca$sae_cert_dir" ] || die "--kme-url, --kme-ca and --sae-cert-dir need --qkd external"
  fi
  if [ -n "$sae_ids" ]; then
    local count
    count="$(tr ',' '\n' <<<"$sae_ids" | grep -c .)"
    [ "$count" -eq "$n" ] || die "--sae-ids names $count SAE IDs for $n peers"
  fi
}

absolute() { (cd "$(dirname "$1")" && echo "$(pwd)/$(basename "$1")"); }

record_state() {
  local n=$((1 << dimension))
  [ -z "$kme_ca" ] || kme_ca="$(absolute "$kme_ca")"
  [ -z "$sae_cert_dir" ] || sae_cert_dir="$(cd "$sae_cert_dir" && pwd)"
  {
    echo "# written by scripts/cluster.sh up on $(date '+%Y-%m-%d %H:%M:%S')"
    printf 'DIMENSION=%q\nN=%q\nBASE_PORT=%q\nSIM_PORT=%q\nQKD=%q\nNETNS=%q\n' \
      "$dimension" "$n" "$base_port" "$sim_port" "$qkd" "$netns"
    [ -z "$netns" ] || netns_hosts "$n"
  } >"$state"
}

# HOST_sim=..., HOST_peer_1=...: the first IPv4 address of each --netns namespace.
netns_hosts() {
  local name address i names=(sim)
  for ((i = 1; i <= $1; i++)); do names+=("peer-$i"); done
  for name in "${names[@]}"; do
    ip netns pids "$netns-$name" >/dev/null 2>&1 || die "--netns: no network namespace $netns-$name"
    address="$(ip -n "$netns-$name" -4 -o addr show scope global | awk '{ split($4, a, "/"); print a[1]; exit }')"
    [ -n "$address" ] || die "--netns: namespace $netns-$name has no IPv4 address"
    printf 'HOST_%s=%q\n' "${name//-/_}" "$address"
  done
}

# The QRNG API key of the simulator: random per run directory, kept in a file only we can read.
sim_qrng_key() {
  local file="$run_dir/certs/qrng-api-key"
  if [ ! -s "$file" ]; then
    (umask 077 && python3 -c 'import secrets; print(secrets.token_hex(16))' >"$file")
  fi
  cat "$file"
}

# How the peers authenticate each other: the --peer-auth given, else qkd whenever keys come from
# KMEs and hmac (static secrets) in classical key mode.
effective_peer_auth() {
  if [ -n "$peer_auth" ]; then
    echo "$peer_auth"
  elif [ "$QKD" = classical ]; then
    echo hmac
  else
    echo qkd
  fi
}

# The mode the peers run with, as written into peer-1's configuration (a restart keeps what up
# wrote, whatever --peer-auth says now).
configured_peer_auth() {
  local mode
  mode="$(sed -n 's/^qkdchain\.peer-auth\.mode=//p' "$run_dir/peer-1/peer.properties" 2>/dev/null)"
  if [ -n "$mode" ]; then echo "$mode"; else effective_peer_auth; fi
}

# The HMAC secret peers $1 and $2 share on the peer routes in hmac mode only (docs/security.md):
# 32 random bytes, hex, made once per run directory and kept in a file only we can read.
link_secret() {
  local a="${1#peer-}" b="${2#peer-}" dir="$run_dir/secrets" file
  [ "$a" -lt "$b" ] || { local t="$a"; a="$b"; b="$t"; }
  file="$dir/peer-$a--peer-$b.hex"
  if [ ! -s "$file" ]; then
    (umask 077 && mkdir -p "$dir" &&
      python3 -c 'import secrets; print(secrets.token_hex(32))' >"$file")
  fi
  cat "$file"
}

write_sim_config() {
  local file="$run_dir/sim/sim.properties" ids
  ids="$(peer_ids | paste -sd, -)"
  [ -z "$sae_ids" ] || ids="$sae_ids"
  (
    umask 077
    {
      echo "server.address=$(host_of sim)"
      echo "server.port=$SIM_PORT"
      echo "sim.sae-ids=$ids"
      echo "sim.qrng.api-key=$(sim_qrng_key)"
      [ -z "$kme_latency_ms" ] || echo "sim.latency=${kme_latency_ms}ms"
      [ -z "$key_rate_bps" ] || echo "sim.key-rate-bps=$key_rate_bps"
      if [ "$QKD" = sim-mtls ]; then
        echo "spring.profiles.active=tls"
        echo "sim.tls-dir=$run_dir/certs"
      fi
    } >"$file"
  )
}

# The KME base URL of peer $1: the $1-th of a comma-separated --kme-url (one KME per peer, in
# peer order), or the one URL; "{id}" in it becomes the peer id.
kme_url_of() {
  local url="$kme_url"
  if [[ "$kme_url" == *,* ]]; then
    local -a urls
    IFS=, read -r -a urls <<<"$kme_url"
    url="${urls[$((${1#peer-} - 1))]}"
  fi
  echo "${url//\{id\}/$1}"
}

write_peer_config() {
  local id="$1" i="${1#peer-}" file="$run_dir/$1/peer.properties" j sae certs="$run_dir/certs"
  local -a saes
  IFS=, read -r -a saes <<<"${sae_ids:-$(peer_ids | paste -sd, -)}"
  (
    umask 077
    {
      echo "qkdchain.peer-id=$id"
      echo "qkdchain.dimension=$DIMENSION"
      for ((j = 1; j <= N; j++)); do
        echo "qkdchain.peers[$((j - 1))].id=peer-$j"
        echo "qkdchain.peers[$((j - 1))].url=$(peer_url "peer-$j")"
        echo "qkdchain.peers[$((j - 1))].sae-id=${saes[$((j - 1))]}"
      done
      echo "server.address=$(host_of "$id")"
      echo "server.port=$((BASE_PORT + i))"
      echo "qkdchain.storage.dir=$run_dir/$id/data"
      echo "qkdchain.peer-auth.mode=$(effective_peer_auth)"
      if [ "$(effective_peer_auth)" = hmac ]; then
        for ((j = 1; j <= N; j++)); do
          [ "$j" -eq "$i" ] || echo "qkdchain.peer-auth.secrets.peer-$j=$(link_secret "$id" "peer-$j")"
        done
      fi
      [ -z "$family" ] || echo "qkdchain.mac.family=$family"
      [ -z "$tag_bits" ] || echo "qkdchain.mac.tag-bits=$tag_bits"
      [ -z "$quorum" ] || echo "qkdchain.consensus.quorum=$quorum"
      sae="${saes[$((i - 1))]}"
      case "$QKD" in
        sim-mtls)
          echo "qkdchain.keys.source=etsi014"
          echo "qkdchain.keys.kme.base-url=https://$(host_of sim):$SIM_PORT"
          echo "qkdchain.keys.kme.client-certificate=$certs/$id.crt"
          echo "qkdchain.keys.kme.client-key=$certs/$id.key"
          echo "qkdchain.keys.kme.ca-certificate=$certs/ca.crt"
          ;;
        sim-plain)
          echo "qkdchain.keys.source=etsi014"
          echo "qkdchain.keys.kme.base-url=http://$(host_of sim):$SIM_PORT/sae/$sae"
          ;;
        classical)
          echo "qkdchain.keys.source=classical"
          ;;
        external)
          echo "qkdchain.keys.source=etsi014"
          echo "qkdchain.keys.kme.base-url=$(kme_url_of "$id")"
          [ -z "$key_encoding" ] || echo "qkdchain.keys.kme.key-encoding=$key_encoding"
          if [ -n "$sae_cert_dir" ]; then
            echo "qkdchain.keys.kme.client-certificate=$sae_cert_dir/$id.crt"
            echo "qkdchain.keys.kme.client-key=$sae_cert_dir/$id.key"
          fi
          [ -z "$kme_ca" ] || echo "qkdchain.keys.kme.ca-certificate=$kme_ca"
          ;;
      esac
      if [ -n "$qrng_url" ]; then
        echo "qkdchain.qrng.base-url=$qrng_url"
        [ -z "$qrng_api_key" ] || echo "qkdchain.qrng.api-key=$qrng_api_key"
      elif uses_simulator; then
        # The simulator's QRNG: authenticated by its API key, over TLS (no client certificate)
        # in sim-mtls mode.
        echo "qkdchain.qrng.base-url=$(sim_scheme)://$(host_of sim):$SIM_PORT"
        echo "qkdchain.qrng.api-key=$(sim_qrng_key)"
        [ "$QKD" != sim-mtls ] || echo "qkdchain.qrng.ca-certificate=$certs/ca.crt"
      fi
      # Last, so that they override what the options above wrote (Spring keeps the last).
      if [ "${#extra_properties[@]}" -gt 0 ]; then printf '%s\n' "${extra_properties[@]}"; fi
    } >"$file"
  )
}
