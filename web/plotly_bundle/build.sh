#!/usr/bin/env bash
# Build Radar's partial plotly.js bundle (core + scatterpolar + barpolar), as plotly.js's own partial bundles
# are assembled (lib/core + Plotly.register), with the exact versions pinned in package-lock.json.
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund --loglevel=error
version=$(node -p "require('plotly.js/package.json').version")
out=../static/vendor/plotly-radar-${version}.min.js
node_modules/.bin/esbuild entry.js --bundle --minify --format=iife --global-name=Plotly --target=es2018 \
  --define:global=window --loader:.css=empty --legal-comments=none --log-level=warning --outfile="$out"
# (.css=empty: the only stylesheet plotly.js imports is maplibre's, needed by map traces only)
sha256sum "$out" | sed 's#\.\./static/vendor/##' > ../static/vendor/plotly-radar.sha256
echo "built $out ($(wc -c < "$out") bytes, $(gzip -9c "$out" | wc -c) gzipped)"
