#!/usr/bin/env bash
# Prints the size of the release wasm, brotli-compressed as browsers download it, and fails
# above the budget. Run after `cargo leptos build --release --precompress`.
set -euo pipefail
cd "$(dirname "$0")/.."

budget_kb=${WASM_BUDGET_KB:-720}
wasm=$(ls target/site/pkg/*.wasm 2>/dev/null | head -n 1 || true)
if [ -z "$wasm" ] || [ ! -f "$wasm.br" ]; then
  echo "error: no precompressed release wasm under target/site/pkg (build with --release --precompress)" >&2
  exit 1
fi
raw=$(stat -c %s "$wasm")
brotli=$(stat -c %s "$wasm.br")
gzip=$(stat -c %s "$wasm.gz")
printf 'wasm size: %d KB raw, %d KB gzip, %d KB brotli (budget %d KB brotli)\n' \
  $((raw / 1024)) $((gzip / 1024)) $((brotli / 1024)) "$budget_kb"
if [ "$brotli" -gt $((budget_kb * 1024)) ]; then
  echo "error: the wasm is over its budget. Before raising it, look at islands mode, lighter" >&2
  echo "dependencies, or code that belongs on the server (see the README's Performance section)." >&2
  exit 1
fi
