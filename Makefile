# The two commands of the README, and their parts.
#   make run    build (release), load the demo data, serve on http://127.0.0.1:3000
#   make test   every check CI runs: format, lints, unit, integration, end to end
#   make dev    load the demo data, then `cargo leptos watch` (debug, rebuilt and reloaded on change)

SHELL := /bin/bash
.DEFAULT_GOAL := run
export ESSAIM_SITE_ROOT ?= target/site

.PHONY: run test dev setup setup-test build-release build-debug fmt lint unit e2e

run: setup build-release
	./target/release/essaim demo
	./target/release/essaim serve

test: setup-test fmt lint unit build-debug e2e

# `cargo leptos watch` compiles with LEPTOS_WATCH=true (Leptos reads it at
# build time): the first build makes the same binary, so the demo can be
# loaded before watching starts and watch finds nothing to rebuild.
dev: setup
	LEPTOS_WATCH=true cargo leptos build
	./target/debug/essaim demo
	cargo leptos watch

setup:
	scripts/setup.sh build

setup-test:
	scripts/setup.sh test

build-release:
	cargo leptos build --release

build-debug:
	cargo leptos build

fmt:
	cargo fmt --all -- --check

lint:
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy -p app --lib --features hydrate --target wasm32-unknown-unknown -- -D warnings

unit:
	cargo test --workspace

e2e:
	cd end2end && npx playwright test
