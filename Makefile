# Kōken Desk. The two commands of the README:
#   make run    build in release and serve http://127.0.0.1:3000 (SQLite, demo data)
#   make test   every test: unit, integration (SQLite and PostgreSQL), wasm budget, browser
# Both install what they need first (tools/setup.sh) and skip what is already there.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
# cargo-installed tools, and npm's wasm-opt ahead of any other (Debian's breaks hydration).
export PATH := $(CURDIR)/tools/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

.PHONY: run test setup setup-test release check lint test-rust test-e2e wasm-size postgres clean-data bench bench-import crash-soak soak fuzz

run: setup release
	./target/release/koken-desk serve --demo-data

test: setup-test postgres lint release wasm-size test-rust test-e2e
	@echo "all tests passed"

setup:
	tools/setup.sh

setup-test:
	tools/setup.sh --test

# The release site (hashed, precompressed JS/wasm/CSS in target/site) and server binary.
release:
	cargo leptos build --release --precompress --split

wasm-size:
	tools/wasm-size.sh

postgres:
	tools/postgres.sh

# Unit and integration tests; every database test runs on SQLite and on PostgreSQL.
# The crash harness kills and restarts the release server (built by `release` above).
# Property tests draw from a fixed seed here, so a test run is repeatable; `make fuzz` draws
# new cases on every run.
test-rust:
	KOKEN_SERVER_BINARY=$(CURDIR)/target/release/koken-desk PROPTEST_RNG_SEED=20261129 \
		cargo test --workspace

# Browser tests against the release server on a fresh database.
test-e2e:
	cd end2end && npx playwright test

# Formatting and lints, on the server build and on the wasm build (warnings fail).
lint:
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy -p app --target wasm32-unknown-unknown --no-default-features --features hydrate -- -D warnings
	tools/wasm-deps.sh

# Fast feedback while working: type-check the server and the wasm build.
check:
	cargo check -p server --tests
	cargo check -p app --target wasm32-unknown-unknown --no-default-features --features hydrate

# Pages under load (wrk, 32 connections) on a 10,000-case data set, SQLite and PostgreSQL, against a
# static file and the raw queries; writes its table into the README (not part of `make test`).
bench: postgres
	tools/setup.sh --bench
	$(MAKE) release
	cargo bench -p server --bench load

# A 10,000-row ledger imported on SQLite and PostgreSQL, step by step (not part of `make test`).
bench-import: postgres
	cargo bench -p server --bench import

# Five minutes of 64 connections of mixed reads and 8 writers on the 10,000-case set, on SQLite
# and PostgreSQL: fails on any error or on memory growing after the first minute (not in `make test`).
# The harness only drives and watches (the server under test is the release binary), so it is
# built in the dev profile, on the test build's artifacts, instead of a bench build of its own.
soak: postgres
	tools/setup.sh --bench
	$(MAKE) release
	cargo bench -p server --bench soak --profile dev

# Fuzzing, not in `make test`: every property test of the app (the form validators, the import
# readers against arbitrary bytes, the domain rules) with 20,000 cases each, and the hostile-input
# test with 200 mutated calls per server function and caller from a new seed (printed, to repeat).
fuzz: postgres
	PROPTEST_CASES=20000 cargo test --workspace --lib
	KOKEN_HOSTILE_ROUNDS=200 KOKEN_HOSTILE_SEED=$$(date +%s) \
		cargo test -p server --test integration -- hostile_input --nocapture

# The crash harness for 200 rounds per database instead of the test command's 20: the release
# server killed with SIGKILL under writers, and everything acknowledged checked (not in `make test`).
crash-soak: postgres release
	KOKEN_CRASH_ROUNDS=200 KOKEN_SERVER_BINARY=$(CURDIR)/target/release/koken-desk \
		cargo test -p server --test integration -- crashes --nocapture

# Remove the local SQLite database (the next start creates a fresh one).
clean-data:
	rm -rf data
