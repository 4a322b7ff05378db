#!/bin/sh
# Retrains the three demo models from synthetic studies (fixed seeds) and rewrites
# models/<id>/model.onnx, manifest.json and training-report.json.
# Needs: the generator jar (./mvnw -B -q -pl test-studies -am package -DskipTests), Debian's
# python3-torch, python3-onnx, python3-pydicom, python3-numpy, python3-pil, run with /usr/bin/python3.
# Time on the shared 2-core build machine: about 1.5 hours in all (README.md, "Measured training times").
# usage: models/training/train-all.sh [--smoke]   (--smoke: a few steps each, tiny data, temp output)
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
for recipe in train_body_composition.py train_chest_ct.py train_chest_xray.py; do
  echo "== $recipe $*"
  /usr/bin/python3 "$here/$recipe" "$@"
done
