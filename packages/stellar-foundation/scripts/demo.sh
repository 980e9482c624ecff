#!/bin/bash
# Bundles scripts/demo.ts (workspace packages from source, npm packages external) and runs it on the wasm backend.
set -euo pipefail
cd "$(dirname "$0")/../../.."
out=packages/stellar-foundation/scripts/.demo.mjs
npx esbuild packages/stellar-foundation/scripts/demo.ts --bundle --platform=node --format=esm --conditions=source \
  --log-level=warning --external:@tensorflow/* --external:zod --external:vega --external:vega-lite --external:@resvg/* \
  --external:apache-arrow --external:parquet-wasm --external:hyparquet --external:hyparquet-writer --external:fflate \
  --external:commander --external:cli-progress --external:npyjs --outfile="$out"
node "$out"
rm -f "$out"
