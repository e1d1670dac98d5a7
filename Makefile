# Sluice. `make demo` runs the system on its embedded defaults; `make test` runs every test.
# Both install the Debian packages they need first (scripts/setup.sh, idempotent).

SWIFT ?= swift

.PHONY: setup build test demo bench bench-wire bench-execution generate check-generated

setup:
	@./scripts/setup.sh

build: setup
	$(SWIFT) build

# Fails when the committed protoc-c and Swift bridge code no longer match proto/.
check-generated: setup
	./scripts/generate-proto.sh --check

test: setup check-generated
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

demo: build
	./scripts/demo.sh

# Benchmarks: release builds, client and server in separate processes, medians of several runs.
bench: bench-wire bench-execution

bench-wire: setup
	./scripts/bench-wire.sh

bench-execution: setup
	./scripts/bench-execution.sh

# Regenerates Sources/SluiceWireC and Sources/SluiceWire/Generated from proto/.
generate: setup
	./scripts/generate-proto.sh
