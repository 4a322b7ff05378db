#!/usr/bin/env bash
# Loads the benchmark's 300-slice CT (test-studies, seed 300300, the study DicomWebBenchmark uses)
# into a throw-away Orthanc + DICOMweb plugin (Debian packages) on 127.0.0.1 and runs
# dicomweb-bench.py against it. Radflow's numbers come from DicomWebBenchmark (docs/benchmarks.md).
# usage: labeling-service/bench/orthanc-compare.sh   (from the repository root; needs the
#        test-studies jar: ./mvnw -B -q -pl test-studies -am package -DskipTests)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$root/labeling-service/target/orthanc-bench"
http=28042
rm -rf "$work" && mkdir -p "$work/db"
"$root/bin/radflow-test-studies" generate --kind abdominal-ct --slices 300 --seed 300300 --names ascii --out "$work/ct300" >/dev/null
cat >"$work/orthanc.json" <<JSON
{ "Name": "bench", "StorageDirectory": "$work/db", "IndexDirectory": "$work/db",
  "HttpPort": $http, "DicomPort": 28112, "RemoteAccessAllowed": false, "AuthenticationEnabled": false,
  "Plugins": ["/usr/share/orthanc/plugins/libOrthancDicomWeb.so"],
  "DicomWeb": { "Enable": true, "Root": "/dicom-web/" } }
JSON
TCP_NODELAY=1 Orthanc "$work/orthanc.json" >"$work/orthanc.log" 2>&1 &
pid=$!
trap 'kill $pid; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$http/system" >/dev/null && break; sleep 0.2; done
for f in $(find "$work/ct300" -name '*.dcm'); do
  curl -sf -o /dev/null -H 'Expect:' --data-binary "@$f" "http://127.0.0.1:$http/instances"
done
study=$(/usr/bin/python3 -c "import json,sys; print(json.load(open('$work/ct300/ground-truth.json'))['studyInstanceUID'])" 2>/dev/null \
  || curl -s "http://127.0.0.1:$http/dicom-web/studies" | /usr/bin/python3 -c "import json,sys; print(json.load(sys.stdin)[0]['0020000D']['Value'][0])")
/usr/bin/python3 "$root/labeling-service/bench/dicomweb-bench.py" "http://127.0.0.1:$http/dicom-web" "$study" "Orthanc 1.10 + DICOMweb 1.7"
