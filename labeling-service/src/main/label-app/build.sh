#!/usr/bin/env bash
# Builds the labeling web app (TypeScript, Cornerstone3D, Vite) into OUT/dist with the machine's npm:
# `npm ci` from the committed package-lock.json (node_modules beside it, not committed), type check,
# `vite build`. Run by Maven (labeling-service, generate-resources). Skipped when the sources and the
# lockfile are unchanged since the last build (a stamp of their hash).
# usage: build.sh OUT_DIR
set -euo pipefail
out=$1
here="$(cd "$(dirname "$0")" && pwd)"
command -v npm >/dev/null || {
  echo "label-app: npm (Node.js >= 20) is needed to build the labeling web app" >&2
  exit 1
}
cd "$here"
sum=$( (cat package.json package-lock.json vite.config.ts tsconfig.json index.html; find src e2e -type f 2>/dev/null | sort | xargs cat || true) | sha256sum | cut -d' ' -f1)
if [ -f "$out/dist/index.html" ] && [ "$(cat "$out/.built" 2>/dev/null)" = "$sum" ] && [ -d node_modules ]; then
  exit 0
fi
lock=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -d node_modules ] || [ "$(cat node_modules/.radflow-lock 2>/dev/null)" != "$lock" ]; then
  echo "label-app: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock" >node_modules/.radflow-lock
fi
echo "label-app: type check and vite build into $out/dist"
npx tsc --noEmit
LABEL_APP_OUT="$out/dist" npx vite build --logLevel warn
echo "$sum" >"$out/.built"
