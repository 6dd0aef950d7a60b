#!/usr/bin/env bash
# Codec benchmark: our WBXML/XML/SyncML codecs vs libwbxml (Debian libwbxml2-dev), in process,
# over the same corpus. Prints a table and writes bench/results/codec.json. See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if ! pkg-config --exists libwbxml2; then
  echo "libwbxml2-dev is missing: apt-get install libwbxml2-dev" >&2
  exit 2
fi

# The libwbxml harness. The tree API is exported by the library but not in Debian's headers;
# the harness declares those prototypes itself, and uses the (deprecated) *_withlen converters.
gcc -O2 -Wall -Wextra -Wno-deprecated-declarations -o "$work/libwbxml-bench" bench/codec/libwbxml-bench.c \
  $(pkg-config --cflags --libs libwbxml2)

# Ours is timed as its users run it: the built JavaScript (packages/protocol/dist) loaded by
# Node's own ESM loader, not transformed by vite-node (see bench/codec/load-protocol.ts).
# tsc -b still emits when another folder has type errors.
npx tsc -b packages/protocol || echo "warning: tsc -b reported errors; benchmarking what it emitted" >&2

npx vite-node bench/codec/codec-bench.ts prepare "$work/corpus"
"$work/libwbxml-bench" "$work/corpus" > "$work/libwbxml.json"
npx vite-node --options.deps.external=/packages/protocol/dist/ \
  bench/codec/codec-bench.ts measure "$work/corpus" "$work/libwbxml.json" bench/results/codec.json
