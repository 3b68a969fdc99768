#!/usr/bin/env bash
# Fails if a server-only crate reaches the wasm build: the browser bundle must never contain
# database drivers, the server runtime or the spreadsheet readers and writers (size, and
# secrets' code paths).
set -euo pipefail
cd "$(dirname "$0")/.."

forbidden='^(sea-orm|sea-query|sqlx[a-z-]*|tokio|mio|axum|hyper|leptos_axum|tower-http|calamine|encoding_rs|rust_xlsxwriter|zip) '
found=$(cargo tree -p app --target wasm32-unknown-unknown --no-default-features --features hydrate \
  -e normal,no-proc-macro --prefix none | sort -u | grep -E "$forbidden" || true)
if [ -n "$found" ]; then
  echo "error: server-only crates in the wasm build:" >&2
  echo "$found" >&2
  exit 1
fi
echo "wasm build: no server-only crate"
