#!/usr/bin/env bash
# Installs what building and testing Essaim needs, once; later runs only check.
#   scripts/setup.sh build   Rust target, cargo-leptos, wasm-bindgen, wasm-opt
#   scripts/setup.sh test    the above, plus Chromium and the end-to-end npm packages
# Everything comes from package registries (crates.io, Debian, npm): nothing
# is downloaded at run time.
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_LEPTOS_VERSION=0.3.10
mode=${1:-build}

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

apt_install() {
  say "installing Debian packages: $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" >/dev/null \
    || { as_root apt-get update >/dev/null && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" >/dev/null; }
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown Rust target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(cargo leptos --version 2>/dev/null)" != "cargo-leptos $CARGO_LEPTOS_VERSION" ]; then
  say "building cargo-leptos $CARGO_LEPTOS_VERSION from crates.io (about 15 minutes, once)"
  cargo install --locked "cargo-leptos@$CARGO_LEPTOS_VERSION" --no-default-features --features no_downloads
fi

# wasm-bindgen-cli must match the wasm-bindgen library in Cargo.lock exactly.
wasm_bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $wasm_bindgen_version" ]; then
  say "building wasm-bindgen-cli $wasm_bindgen_version from crates.io (about 6 minutes, once)"
  cargo install wasm-bindgen-cli --version "$wasm_bindgen_version"
fi

if ! command -v wasm-opt >/dev/null; then
  apt_install binaryen
fi

if [ "$mode" = test ]; then
  if [ ! -x /usr/bin/chromium ]; then
    apt_install chromium
  fi
  if [ ! -d end2end/node_modules ] || [ end2end/package-lock.json -nt end2end/node_modules ]; then
    say "installing the end-to-end test packages (npm ci)"
    (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
  fi
fi
