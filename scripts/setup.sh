#!/usr/bin/env bash
# Installs the Debian packages Sluice needs to build, test and regenerate its wire code; with
# --containers, also what building and testing its container images needs (make images,
# make test-containers).
# Idempotent: packages already present are left alone, and apt-get runs only when one is missing.
set -euo pipefail

packages=(
  libnng-dev           # nng: the transport every service speaks
  libprotobuf-c-dev    # protobuf-c: encodes and decodes every message
  protobuf-c-compiler  # protoc-c: regenerates the committed C code
  protobuf-compiler    # protoc: interop tests and the README's no-Swift client
  libprotobuf-dev      # google/protobuf/{timestamp,duration}.proto, which proto/ imports; only a
                       # recommendation of protobuf-compiler, so --no-install-recommends skips it
  python3-protobuf     # runs scripts/protoc-gen-sluice-swift.py, the Swift bridge generator
  nng-utils            # nngcat: interop tests and the README's no-Swift client
  pkg-config
  libsqlite3-dev
  graphviz             # dot: sluice graph's SVG and PNG output, and its tests
  postgresql           # the PostgreSQL server the store tests and benchmarks start (scripts/postgres-server.sh)
  openssl              # the TLS tests make their own CA and certificates
)
if [ "${1:-}" = "--containers" ]; then
  packages+=(
    debootstrap        # makes the base image locally: no registry is needed
    binutils           # strip, for the images' executables
    jq                 # reads the CLI's JSON in the container test
  )
  # Debian's engine, unless one is installed already (Docker's own docker-ce conflicts with it).
  if ! command -v dockerd >/dev/null 2>&1; then
    packages+=(docker.io)   # dockerd, which the container test starts, and a docker CLI with BuildKit
  fi
  if ! command -v docker-compose >/dev/null 2>&1 && ! docker compose version >/dev/null 2>&1; then
    packages+=(docker-compose)
  fi
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "setup: installing ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "setup: need root (or sudo) to install: ${missing[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
if ! $sudo apt-get install -y --no-install-recommends "${missing[@]}"; then
  $sudo apt-get update
  $sudo apt-get install -y --no-install-recommends "${missing[@]}"
fi
