# Sluice. `make demo` runs the system on its embedded defaults; `make test` runs every test.
# Both install the Debian packages they need first (scripts/setup.sh, idempotent).

SWIFT ?= swift

.PHONY: setup setup-containers build test test-containers images fuzz abuse chaos demo bench bench-wire bench-execution generate check-generated

setup:
	@./scripts/setup.sh

setup-containers:
	@./scripts/setup.sh --containers

build: setup
	$(SWIFT) build

# Fails when the committed protoc-c and Swift bridge code no longer match proto/.
check-generated: setup
	./scripts/generate-proto.sh --check

test: setup setup-containers check-generated
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	./scripts/test-containers.sh

# The images and compose files for real: a private dockerd, a debootstrapped base image, the
# service images from this machine's release executables, and workflows through compose (needs root).
test-containers: setup-containers
	./scripts/test-containers.sh

# sluice/{admin,scheduler,catalog,executor}:latest from this machine's release executables.
images: setup-containers
	./scripts/build-images.sh

# libFuzzer targets (Fuzz/) for every place untrusted bytes or text enter, FUZZ_SECONDS each
# (default 60); an input that crashes one fails the run and is kept in .build-fuzz/crashes/.
fuzz: setup
	./scripts/fuzz.sh

demo: build
	./scripts/demo.sh

# Benchmarks: release builds, client and server in separate processes, medians of several runs.
bench: bench-wire bench-execution

bench-wire: setup
	./scripts/bench-wire.sh

bench-execution: setup
	./scripts/bench-execution.sh

# Services killed with kill -9 under 1,000-task workflows, 20 trials per service; every execution checked.
chaos: setup
	./scripts/chaos.sh

# A hostile run of 20,000 messages per port against the release services; their memory after it.
abuse: setup
	./scripts/abuse.sh

# Regenerates Sources/SluiceWireC and Sources/SluiceWire/Generated from proto/.
generate: setup
	./scripts/generate-proto.sh
