#!/usr/bin/env bash
# Installs what building (and, with --test, testing) Kōken Desk needs on a Debian 12 machine
# with rustup, gcc, Node 20 and npm. Everything already present at the right version is
# skipped, so running it again costs a few seconds.
#
#   tools/setup.sh          Rust toolchain, cargo-leptos, wasm-bindgen, wasm-opt
#   tools/setup.sh --test   the same, plus Debian's Chromium and the browser-test packages
#   tools/setup.sh --bench  the same as without a flag, plus wrk (Debian) for make bench
set -euo pipefail
cd "$(dirname "$0")/.."

# cargo-leptos is pinned: its behaviour (file hashing, precompression) is part of the build.
CARGO_LEPTOS_VERSION=0.3.11

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
have() { command -v "$1" >/dev/null 2>&1; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
# Installs a Debian package, refreshing the package lists first only when they are too old.
apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get install -y --no-install-recommends "$1" \
    || { as_root apt-get update && as_root apt-get install -y --no-install-recommends "$1"; }
}

with_tests=false
with_bench=false
[ "${1:-}" = "--test" ] && with_tests=true
[ "${1:-}" = "--bench" ] && with_bench=true

step "Rust toolchain from rust-toolchain.toml"
channel=$(sed -n 's/^channel = "\(.*\)"/\1/p' rust-toolchain.toml)
# Installs the toolchain with the wasm target, or confirms it in a second when present.
rustup toolchain install "$channel" --profile minimal \
  --target wasm32-unknown-unknown --component rustfmt,clippy
export PATH="$HOME/.cargo/bin:$PATH"

step "cargo-leptos $CARGO_LEPTOS_VERSION"
if cargo leptos --version 2>/dev/null | grep -qx "cargo-leptos $CARGO_LEPTOS_VERSION"; then
  echo "present"
else
  # Needs rustc >= 1.96 (its lockfile), which rust-toolchain.toml provides here. About 25 min
  # on 2 cores (its dependencies dominate: overriding its fat-LTO profile saved only 3 min).
  cargo install --locked --force cargo-leptos --version "$CARGO_LEPTOS_VERSION"
fi

# cargo-leptos would download these from GitHub, which is unreachable here: they must be on PATH.
wasm_bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
step "wasm-bindgen CLI $wasm_bindgen_version (must equal the wasm-bindgen crate in Cargo.lock)"
if wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $wasm_bindgen_version"; then
  echo "present"
else
  # Without --locked: its lockfile pins a webpki-roots release the crates.io mirror lacks.
  cargo install --force wasm-bindgen-cli --version "$wasm_bindgen_version"
fi

step "wasm-opt (npm binaryen, pinned in tools/package-lock.json)"
if [ -x tools/node_modules/.bin/wasm-opt ] && [ tools/node_modules/.package-lock.json -nt tools/package-lock.json ]; then
  echo "present"
else
  npm ci --prefix tools --no-audit --no-fund
fi

if $with_tests; then
  step "Chromium from Debian (Playwright cannot download browsers here)"
  if have chromium; then
    echo "present: $(chromium --version 2>/dev/null || echo chromium)"
  else
    apt_install chromium
  fi

  step "Browser-test packages (end2end/package-lock.json)"
  if [ -d end2end/node_modules/@playwright/test ] && [ end2end/node_modules/.package-lock.json -nt end2end/package-lock.json ]; then
    echo "present"
  else
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --prefix end2end --no-audit --no-fund
  fi
fi

if $with_bench; then
  step "wrk from Debian (the load generator of make bench)"
  if have wrk; then
    echo "present"
  else
    apt_install wrk
  fi
fi
