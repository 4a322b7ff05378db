#!/usr/bin/env bash
# Fetches the prebuilt OHIF viewer (npm package @ohif/app, its dist/) with the machine's npm and
# registry configuration, unpacks it into TARGET/ohif/dist and adapts it to be served at /viewer/
# (PUBLIC_URL, absolute asset paths, webpack's public path) with Radflow's app-config.js.
# Run by Maven (labeling-service, generate-resources). Skipped when that version is unpacked already;
# npm keeps the tarball in its cache (~/.npm), so a clean build does not download it again.
# usage: fetch-ohif.sh TARGET_DIR VERSION
set -euo pipefail
target=$1
version=$2
here="$(cd "$(dirname "$0")" && pwd)"
out="$target/ohif"
dist="$out/dist"
stamp="$out/.unpacked-version"
# bump when the adaptation below changes, so an unpacked dist is redone
adapted="$version adaptation-2"

if [ -f "$dist/index.html" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$adapted" ]; then
  cp "$here/app-config.js" "$dist/app-config.js"
  exit 0
fi
command -v npm >/dev/null || {
  echo "fetch-ohif: npm (Node.js >= 20) is needed to fetch the OHIF viewer @ohif/app@$version" >&2
  exit 1
}
rm -rf "$out"
mkdir -p "$out/pack"
echo "fetch-ohif: npm pack @ohif/app@$version (from npm's cache when present)"
tgz=$(cd "$out/pack" && npm pack "@ohif/app@$version" --silent 2>/dev/null | tail -n1)
tar -xzf "$out/pack/$tgz" -C "$out/pack" package/dist
mv "$out/pack/package/dist" "$dist"
rm -rf "$out/pack"

# Served at /viewer/ instead of /: PUBLIC_URL, absolute links of index.html and manifest.json,
# and webpack's public path (dynamic chunks, workers, wasm) in every bundle that hard-codes "/".
sed -i -e 's|window.PUBLIC_URL="/"|window.PUBLIC_URL="/viewer/"|g' \
  -e 's|href="/|href="/viewer/|g' -e 's|src="/|src="/viewer/|g' \
  -e 's|content="/assets/|content="/viewer/assets/|g' "$dist/index.html"
sed -i -e 's|"/assets/|"/viewer/assets/|g' "$dist/manifest.json"
sed -i -e 's|url(/|url(/viewer/|g' "$dist"/*.css
grep -l '__webpack_require__.p = "/";' "$dist"/*.js | while read -r f; do
  sed -i 's|__webpack_require__.p = "/";|__webpack_require__.p = "/viewer/";|' "$f"
done
cp "$here/app-config.js" "$dist/app-config.js"
echo "$adapted" >"$stamp"
echo "fetch-ohif: OHIF $version unpacked into $dist"
