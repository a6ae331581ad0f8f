# tdn build wrapper. `make` builds, `make check` runs every test (plain build,
# then ASan+UBSan), `make demo` serves a demo clinic, `make bench` measures.
MAKEFLAGS += --no-print-directory
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
BUILD := build
ASAN := build-asan

.PHONY: all configure deps browser-deps fhir-deps check check-plain check-asan demo bench format clean

all: configure
	@cmake --build $(BUILD) -j $(JOBS)

configure: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null

deps:
	@./scripts/deps.sh

check: check-plain check-asan

# What the browser test needs: Debian's chromium and node, and playwright-core
# from the committed lock file (reinstalled only when the lock file changes).
browser-deps:
	@./scripts/deps.sh --browser
	@[ tests/web/node_modules/.package-lock.json -nt tests/web/package-lock.json ] || \
	  npm ci --prefix tests/web --no-audit --no-fund --loglevel=error >/dev/null

# The FHIR validators (npm fhir, the R4 JSON schema, fhirpath), pinned by
# tests/fhir/package-lock.json, reinstalled only when it changes.
fhir-deps:
	@[ tests/fhir/node_modules/.package-lock.json -nt tests/fhir/package-lock.json ] || \
	  npm ci --prefix tests/fhir --no-audit --no-fund --loglevel=error >/dev/null

check-plain: all browser-deps fhir-deps
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

check-asan: deps
	@cmake -S . -B $(ASAN) -DCMAKE_BUILD_TYPE=Debug -DTDN_SANITIZE=ON >/dev/null
	@cmake --build $(ASAN) -j $(JOBS)
	@cd $(ASAN) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j $(JOBS) -LE nosan

# the demo needs the tdn binary only, not the tests and fuzzers
demo: configure
	@cmake --build $(BUILD) -j $(JOBS) --target tdn
	@./$(BUILD)/tdn --help >/dev/null
	@./scripts/demo.sh $(BUILD)/tdn

# the benches need tdn and tests/bench/bench_*.c only, not the tests and fuzzers
bench: configure
	@cmake --build $(BUILD) -j $(JOBS) --target benches
	@./scripts/deps.sh --bench
	@./scripts/bench.sh $(BUILD)

format:
	@clang-format -i $$(git ls-files 'src/*.c' 'src/*.h' 'tests/*.c' 'tests/*.h')

clean:
	rm -rf $(BUILD) $(ASAN)
