#!/usr/bin/env bash
# Writes a test PKI for the QKD simulator and the peers:
#   ca.crt ca.key                 the CA (EC P-256, 10 years); kept unless --force
#   kme.crt kme.key               the simulator's server certificate: SAN 127.0.0.1, localhost and
#                                 each --kme-name (a host name, or an IP address)
#   ID.crt ID.key ID.p12          one per SAE ID: CN=ID, serverAuth+clientAuth, SAN 127.0.0.1,
#                                 localhost and DNS:ID when ID is a host name (compose service names);
#                                 the .p12 holds key, certificate and CA, password changeit
#   truststore.p12                the CA as a Java trust store, password changeit (needs keytool)
# Existing files are kept, so the script is safe to rerun (a kme.crt that lacks a --kme-name is
# issued again); --force regenerates everything.
set -euo pipefail

usage() {
  cat <<USAGE
usage: scripts/make-certs.sh [--force] [--kme-name NAME]... DIR SAE_ID...
  e.g. scripts/make-certs.sh run/certs peer-1 peer-2 peer-3 peer-4
       scripts/make-certs.sh --kme-name kme --kme-name 198.18.1.1 certs peer-1 peer-2
USAGE
}

force=false
args=()
kme_names=()
while [ "$#" -gt 0 ]; do
  case "$1" in
    --force) force=true ;;
    --kme-name)
      [ "$#" -ge 2 ] && [ -n "$2" ] || { echo "make-certs: --kme-name needs a value" >&2; exit 2; }
      kme_names+=("$2")
      shift
      ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "make-certs: unknown option $1" >&2; usage >&2; exit 2 ;;
    *) args+=("$1") ;;
  esac
  shift
done
if [ "${#args[@]}" -lt 2 ]; then
  usage >&2
  exit 2
fi
dir="${args[0]}"
ids=("${args[@]:1}")
password=changeit
days_ca=3650
days_leaf=1825

command -v openssl >/dev/null || { echo "make-certs: openssl is required" >&2; exit 1; }
for id in "${ids[@]}"; do
  if ! [[ "$id" =~ ^[A-Za-z0-9._-]+$ ]]; then
    echo "make-certs: SAE ID '$id' must use only letters, digits, '.', '_' and '-'" >&2
    exit 2
  fi
done

host_name_pattern='^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$'
ipv4_pattern='^[0-9]{1,3}(\.[0-9]{1,3}){3}$'
# One subjectAltName entry: IP:a.b.c.d for an IPv4 address, DNS:name for a host name.
san_entry() {
  if [[ "$1" =~ $ipv4_pattern ]]; then
    echo "IP:$1"
  elif [[ "$1" =~ $host_name_pattern ]]; then
    echo "DNS:$1"
  else
    echo "make-certs: '$1' is neither an IPv4 address nor a host name" >&2
    exit 2
  fi
}
kme_sans="IP:127.0.0.1,DNS:localhost"
for name in ${kme_names[@]+"${kme_names[@]}"}; do kme_sans+=",$(san_entry "$name")"; done

mkdir -p "$dir"
cd "$dir"
if $force; then
  rm -f ca.crt ca.key ca.srl kme.crt kme.key truststore.p12
  for id in "${ids[@]}"; do rm -f "$id.crt" "$id.key" "$id.p12"; done
fi

new_key() {
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null
  chmod 600 "$1"
}

# A leaf certificate signed by the CA: $1 name (file stem), $2 CN, $3 extendedKeyUsage,
# $4 subjectAltName.
issue() {
  local stem="$1" cn="$2" eku="$3" sans="$4" ext
  ext="$(mktemp)"
  cat >"$ext" <<EXT
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyAgreement
extendedKeyUsage=$eku
subjectAltName=$sans
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
EXT
  new_key "$stem.key"
  openssl req -new -key "$stem.key" -subj "/O=qkdchain/CN=$cn" -out "$stem.csr"
  openssl x509 -req -in "$stem.csr" -CA ca.crt -CAkey ca.key -CAcreateserial \
    -days "$days_leaf" -sha256 -extfile "$ext" -out "$stem.crt" 2>/dev/null
  rm -f "$stem.csr" "$ext"
}

if [ ! -s ca.crt ] || [ ! -s ca.key ]; then
  new_key ca.key
  openssl req -x509 -new -key ca.key -sha256 -days "$days_ca" \
    -subj "/O=qkdchain/CN=qkdchain test CA" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -out ca.crt
  echo "make-certs: new CA in $dir/ca.crt"
  # Leaves signed by an earlier CA would no longer verify.
  rm -f kme.crt kme.key truststore.p12
  for id in "${ids[@]}"; do rm -f "$id.crt" "$id.key" "$id.p12"; done
fi

# True when certificate $1 names every entry of the comma-separated SAN list $2.
names_all() {
  local have entry
  have="$(openssl x509 -in "$1" -noout -ext subjectAltName 2>/dev/null | tr -d ' ' | tr ',' '\n' |
    sed 's/^IPAddress:/IP:/')"
  for entry in ${2//,/ }; do
    grep -qxF "$entry" <<<"$have" || return 1
  done
}

if [ ! -s kme.crt ] || ! names_all kme.crt "$kme_sans"; then
  issue kme "qkd-simulator" serverAuth "$kme_sans"
  echo "make-certs: $dir/kme.crt ($kme_sans)"
fi

for id in "${ids[@]}"; do
  if [ ! -s "$id.crt" ]; then
    sans="IP:127.0.0.1,DNS:localhost"
    [[ "$id" =~ $host_name_pattern ]] && [ "$id" != localhost ] && sans+=",DNS:$id"
    issue "$id" "$id" "serverAuth,clientAuth" "$sans"
    rm -f "$id.p12"
    echo "make-certs: $dir/$id.crt"
  fi
  if [ ! -s "$id.p12" ]; then
    openssl pkcs12 -export -name "$id" -inkey "$id.key" -in "$id.crt" -certfile ca.crt \
      -passout "pass:$password" -out "$id.p12"
    chmod 600 "$id.p12"
  fi
done

if [ ! -s truststore.p12 ] && command -v keytool >/dev/null; then
  keytool -importcert -noprompt -alias qkdchain-ca -file ca.crt \
    -keystore truststore.p12 -storetype PKCS12 -storepass "$password" >/dev/null 2>&1
fi
