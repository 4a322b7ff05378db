#!/usr/bin/env bash
# Installs the npm packages of the browser and client tests into DIR (labeling-service/target/js-test)
# with the machine's npm and registry configuration; skipped when those versions are installed.
# usage: install.sh DIR PACKAGE@VERSION...
set -euo pipefail
dir=$1
shift
stamp="$dir/.installed"
if [ -d "$dir/node_modules" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$*" ]; then
  exit 0
fi
command -v npm >/dev/null || { echo "install.sh: npm (Node.js >= 20) is needed for the browser tests" >&2; exit 1; }
mkdir -p "$dir"
[ -f "$dir/package.json" ] || echo '{"name":"radflow-labeling-js-test","private":true,"type":"module"}' >"$dir/package.json"
# puppeteer-core never downloads a browser; the tests use Debian's /usr/bin/chromium.
(cd "$dir" && PUPPETEER_SKIP_DOWNLOAD=1 npm install --no-audit --no-fund --silent "$@")
echo "$*" >"$stamp"
