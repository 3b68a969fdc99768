#!/usr/bin/env bash
# Prints the size of the release wasm, brotli-compressed as browsers download it, and fails
# above the budgets. Run after `make release` (cargo leptos build --release --precompress --split).
#
# The pages are lazily loaded chunks (wasm split), so there are two figures:
# - the initial module: what every first visit downloads (shell, home, sign-in);
# - the heaviest page group: the initial module plus every chunk a group of pages needs, from
#   the split manifest (what the first visit to one of its pages downloads), plus the chunks of
#   every lazily loaded section (the `#[lazy]` functions inside pages: the manifest does not say
#   which page uses which, so all of them count, an upper bound).
set -euo pipefail
cd "$(dirname "$0")/.."

initial_budget_kb=${WASM_BUDGET_KB:-350}
page_budget_kb=${WASM_PAGE_BUDGET_KB:-950}
pkg=target/site/pkg
hashes=target/release/hash.txt

if [ ! -f "$hashes" ]; then
  echo "error: no $hashes (build with make release)" >&2
  exit 1
fi
wasm_hash=$(sed -n 's/^wasm: *//p' "$hashes")
wasm="$pkg/koken_desk.$wasm_hash.wasm"
if [ ! -f "$wasm.br" ]; then
  echo "error: no precompressed release wasm $wasm.br (build with make release)" >&2
  exit 1
fi
raw=$(stat -c %s "$wasm")
brotli=$(stat -c %s "$wasm.br")
printf 'initial wasm: %d KB raw, %d KB brotli (budget %d KB brotli)\n' \
  $((raw / 1024)) $((brotli / 1024)) "$initial_budget_kb"

manifest=$(ls "$pkg"/__wasm_split_manifest*.json 2>/dev/null | head -n 1 || true)
heaviest_kb=0
if [ -n "$manifest" ]; then
  # The heaviest page group: the initial module and its chunks, by the manifest's lists.
  read -r heaviest_kb heaviest_page chunks < <(python3 - "$pkg" "$manifest" "$brotli" <<'EOF'
import json, os, sys
pkg, manifest, initial = sys.argv[1], sys.argv[2], int(sys.argv[3])
routes = json.load(open(manifest))
def size(name):
    path = os.path.join(pkg, name + ".wasm.br")
    return os.path.getsize(path) if os.path.exists(path) else 0
# Page groups are named pages_<group>_<hash> (app.rs); lazily loaded sections <function>_<hash>.
sections = set(f for name, files in routes.items() if not name.startswith("pages_") for f in files)
pages = {name: set(files) | sections for name, files in routes.items() if name.startswith("pages_")}
if not pages:
    sys.exit("no page groups (pages_*) in " + manifest)
name, files = max(pages.items(), key=lambda item: sum(size(f) for f in item[1]))
total = initial + sum(size(f) for f in files)
print(total // 1024, name.removeprefix("pages_").rsplit("_", 1)[0], len(files))
EOF
  )
  if [ -z "$heaviest_kb" ]; then
    echo "error: cannot read the page groups from $manifest" >&2
    exit 1
  fi
  printf 'heaviest page group (%s, with every lazily loaded section): %d KB brotli in %d chunks with the initial module (budget %d KB)\n' \
    "$heaviest_page" "$heaviest_kb" "$chunks" "$page_budget_kb"
fi

# Static data (page texts, templates) belongs in the chunks of the pages that use it. wasm-split
# falls back to putting a whole data segment in the initial module when the chunks' share,
# once laid out, would not fit the segment's length (its "Overlong segment" warning): the
# initial module then grows by every page's strings (2026-12: 240 -> 325 KB brotli).
# WASM_SPLIT_SLACK (app/src/lib.rs) gives it room; this catches the fallback if it returns.
if [ -n "$manifest" ]; then
  python3 - "$pkg" "$wasm" <<'EOF' || exit 1
import glob, os, sys
pkg, initial = sys.argv[1], sys.argv[2]
def leb(data, at):
    value = shift = 0
    while True:
        byte = data[at]; at += 1; value |= (byte & 0x7f) << shift; shift += 7
        if byte < 0x80: return value, at
def data_bytes(path):
    data = open(path, "rb").read(); at = 8
    while at < len(data):
        section = data[at]; size, at = leb(data, at + 1)
        if section == 11: return size
        at += size
    return 0
in_initial = data_bytes(initial)
in_chunks = sum(data_bytes(path) for path in glob.glob(os.path.join(pkg, "*.wasm")) if path != initial)
print(f"static data: {in_initial // 1024} KB in the initial module, {in_chunks // 1024} KB in the chunks")
if in_chunks < 16 * 1024:
    sys.exit("error: wasm-split left every page's static data in the initial module (see WASM_SPLIT_SLACK in app/src/lib.rs)")
EOF
fi

if [ "$brotli" -gt $((initial_budget_kb * 1024)) ] || [ "$heaviest_kb" -gt "$page_budget_kb" ]; then
  echo "error: the wasm is over its budget. Keep page code in its lazily loaded route, heavy" >&2
  echo "crates out of the client, and see the README's Performance section." >&2
  exit 1
fi
