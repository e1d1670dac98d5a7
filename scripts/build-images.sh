#!/usr/bin/env bash
# `make images`: builds Sluice's service images, sluice/{admin,scheduler,catalog,executor}, from
# release executables built on this machine (static Swift runtime, stripped), with
# services/Dockerfile's "prebuilt" binaries. No Swift image is pulled; the base image
# (BASE_IMAGE, default debian:bookworm-slim) must be in the engine or its registry, and its glibc
# no older than this machine's: build on Debian 12 for the default base image.
#
# SLUICE_IMAGE_PREFIX and SLUICE_IMAGE_TAG name the images (default sluice/<service>:latest), as
# compose/compose.yaml reads them. DOCKER names the docker CLI (default: docker); it needs BuildKit,
# which Docker 23 and later use by default and Debian's docker.io 20.10 uses with DOCKER_BUILDKIT=1.
# DOCKER_BUILD_NETWORK sets the network the build's package installs use (docker build --network).
set -euo pipefail
cd "$(dirname "$0")/.."

docker=${DOCKER:-docker}
prefix=${SLUICE_IMAGE_PREFIX:-sluice}
tag=${SLUICE_IMAGE_TAG:-latest}
products=(sluice sluice-admin sluice-scheduler sluice-catalog sluice-executor)

for product in "${products[@]}"; do
  swift build -c release --static-swift-stdlib --product "$product"
done
bin=$(swift build -c release --static-swift-stdlib --show-bin-path)

# The build context holds the executables only, so nothing else is sent to the engine.
context=.build-images
rm -rf "$context"
mkdir -p "$context/bin"
for product in "${products[@]}"; do
  cp "$bin/$product" "$context/bin/"
  strip "$context/bin/$product"
done

build_args=()
if [ -n "${BASE_IMAGE:-}" ]; then build_args+=(--build-arg "BASE_IMAGE=$BASE_IMAGE"); fi
if [ -n "${DOCKER_BUILD_NETWORK:-}" ]; then build_args+=(--network "$DOCKER_BUILD_NETWORK"); fi
for service in admin scheduler catalog executor; do
  echo "build-images: $prefix/$service:$tag"
  DOCKER_BUILDKIT=1 "$docker" build --quiet --file services/Dockerfile --build-arg BINARIES=prebuilt \
    "${build_args[@]}" --target "$service" --tag "$prefix/$service:$tag" "$context" >/dev/null
done
rm -rf "$context"
