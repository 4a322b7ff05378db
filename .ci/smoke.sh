#!/usr/bin/env bash
# Smoke test of deploy/local/up.sh: everything UP, a token for a demo user from the real Keycloak,
# the README's storescu and STOW-RS examples ending in ready events, the demo models' results stored
# back by the inference service, and QIDO-RS results, data
# (Kafka, index, archive, realm) surviving down.sh + up.sh, and no process left after down.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
state="$root/deploy/local/.state"
fail() { echo "SMOKE FAILED: $*" >&2; tail -n 40 "$state"/logs/*.log >&2 || true; deploy/local/down.sh || true; exit 1; }
leftovers() { pgrep -f -- "$root/(devstack|deploy|[a-z]+-service)/" || true; }

deploy/local/down.sh --reset >/dev/null
deploy/local/up.sh || fail "up.sh"
deploy/local/status.sh || fail "status.sh reports a component not UP"

token=$(curl -sf -d grant_type=password -d client_id=radflow-viewer -d username=radiologist -d password=radiologist \
  "http://127.0.0.1:${RADFLOW_KEYCLOAK_PORT:-18180}/realms/radflow/protocol/openid-connect/token" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])') || fail "no token for demo user radiologist"
[ -n "$token" ] || fail "empty token"
echo "smoke: got an access token for radiologist from Keycloak"
status_url="http://127.0.0.1:${RADFLOW_INFERENCE_PORT:-8082}/api/v1/status"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$status_url")
[ "$code" = 200 ] || fail "secured endpoint with the radiologist token answered $code, not 200"
code=$(curl -s -o /dev/null -w '%{http_code}' "$status_url")
[ "$code" = 401 ] || fail "secured endpoint without a token answered $code, not 401"
echo "smoke: secured endpoint answers 200 with the token and 401 without"

# The README's "Point a PACS at Radflow": storescu into the running suite, the study's ready event
# on Kafka, one more study by STOW-RS with a pacs-gateway token, both found by QIDO-RS on the
# labeling-service with the radiologist's token.
kafka="127.0.0.1:${RADFLOW_KAFKA_PORT:-19092}"
dicomweb="http://127.0.0.1:${RADFLOW_LABELING_PORT:-8080}/dicomweb"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bin/radflow-test-studies generate --kind abdominal-ct --out "$work/abd" --slices 20 >/dev/null || fail "test study"
bin/radflow-test-studies generate --kind chest-dx-pa --out "$work/dx" --seed 5 >/dev/null || fail "test study"
uid() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["studyInstanceUID"])' "$1/ground-truth.json"; }
ct=$(uid "$work/abd"); dx=$(uid "$work/dx")
TCP_NODELAY=1 storescu -aet STORESCU -aec RADFLOW +sd +r +sp '*.dcm' 127.0.0.1 "${RADFLOW_DICOM_PORT:-11112}" "$work/abd" ||
  fail "storescu into RADFLOW"
echo "smoke: storescu sent the 30 instances of study $ct"
gateway=$(curl -sf -d grant_type=client_credentials -d client_id=pacs-gateway \
  -d client_secret="$(cat "$state/data/keycloak/pacs-gateway.secret")" \
  "http://127.0.0.1:${RADFLOW_KEYCLOAK_PORT:-18180}/realms/radflow/protocol/openid-connect/token" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])') || fail "no pacs-gateway token"
dxfile=$(find "$work/dx" -name '*.dcm' | head -n1)
{ printf -- '--b\r\nContent-Type: application/dicom\r\n\r\n'; cat "$dxfile"; printf -- '\r\n--b--\r\n'; } >"$work/stow.body"
code=$(curl -s -o "$work/stow.json" -w '%{http_code}' -H 'Expect:' -H "Authorization: Bearer $gateway" \
  -H 'Accept: application/dicom+json' -H 'Content-Type: multipart/related; type="application/dicom"; boundary=b' \
  --data-binary @"$work/stow.body" "http://127.0.0.1:${RADFLOW_INGEST_PORT:-8081}/dicomweb/studies")
[ "$code" = 200 ] || fail "STOW-RS answered $code: $(cat "$work/stow.json")"
grep -q "\"$dicomweb/studies/$dx\"" "$work/stow.json" || fail "STOW-RS RetrieveURL is not under $dicomweb: $(cat "$work/stow.json")"
echo "smoke: STOW-RS stored study $dx (200, RetrieveURL under $dicomweb)"
ready() { # STUDY: its radflow.study.ready event is on the topic
  kcat -C -b "$kafka" -t radflow.study-events -o beginning -e -q -f '%h\n' 2>/dev/null |
    grep -q "ce_type=radflow.study.ready,.*ce_subject=$1"
}
for _ in $(seq 1 60); do ready "$ct" && ready "$dx" && break; sleep 1; done
ready "$ct" || fail "no radflow.study.ready event for $ct within 60 s"
ready "$dx" || fail "no radflow.study.ready event for $dx within 60 s"
echo "smoke: a radflow.study.ready event for each study on radflow.study-events"
instances() { # STUDY: NumberOfStudyRelatedInstances from QIDO-RS on the labeling-service
  curl -sf -H "Authorization: Bearer $token" -H 'Accept: application/dicom+json' "$dicomweb/studies?StudyInstanceUID=$1" |
    python3 -c 'import json,sys; r=json.load(sys.stdin); print(r[0]["00201208"]["Value"][0] if r else 0)'
}
# The AI half: the inference service runs the demo models on each study (read from the
# labeling-service, results stored through ingest); wait until every job of the study has ended.
inference="http://127.0.0.1:${RADFLOW_INFERENCE_PORT:-8082}/api/v1/studies"
ai_results() { # STUDY: number of result instances once every job ended, else nothing
  curl -sf -H "Authorization: Bearer $token" "$inference/$1/results" | python3 -c '
import json,sys
jobs = json.load(sys.stdin)
if jobs and all(j["status"] in ("SUCCEEDED", "FAILED", "SKIPPED") for j in jobs):
    failed = [j["reason"] for j in jobs if j["status"] == "FAILED"]
    print("FAILED: " + "; ".join(failed) if failed else sum(len(j["resultInstances"]) for j in jobs))'
}
for _ in $(seq 1 180); do [ -n "$(ai_results "$ct")" ] && [ -n "$(ai_results "$dx")" ] && break; sleep 1; done
ct_ai=$(ai_results "$ct"); dx_ai=$(ai_results "$dx")
[ -n "$ct_ai" ] && [ -n "$dx_ai" ] || fail "inference jobs of $ct / $dx did not end within 180 s"
case "$ct_ai$dx_ai" in *FAILED*) fail "inference: $ct_ai $dx_ai" ;; esac
[ "$ct_ai" = 2 ] || fail "the body-composition pipeline stored $ct_ai results for $ct, not a SEG and an SR"
kcat -C -b "$kafka" -t radflow.inference-events -o beginning -e -q -f '%h\n' 2>/dev/null |
  grep -q "ce_type=radflow.inference.completed,.*ce_subject=$ct" || fail "no radflow.inference.completed event for $ct"
echo "smoke: inference stored $ct_ai AI results for $ct (completed event on radflow.inference-events), $dx_ai for $dx"
# The quantification service measures the abdominal CT at L3 from the inference SEG and stores an SR.
quant="http://127.0.0.1:${RADFLOW_QUANTIFICATION_PORT:-8083}/api/v1/studies/$ct/body-composition"
body_composition() { # the measurement's status and muscle area, once it ended
  curl -sf -H "Authorization: Bearer $token" "$quant" | python3 -c '
import json,sys
r = json.load(sys.stdin)
m = r["measurements"][0]
if m["status"] == "SUCCEEDED":
    t = [x for x in r["result"]["tissues"] if x["tissue"] == "SKELETAL_MUSCLE"][0]
    print("SUCCEEDED %.1f" % t["areaCm2"])
elif m["status"] == "FAILED":
    print("FAILED: " + m["reason"])' 2>/dev/null
}
for _ in $(seq 1 60); do [ -n "$(body_composition)" ] && break; sleep 1; done
bc=$(body_composition)
case "$bc" in SUCCEEDED*) ;; *) fail "body composition of $ct: ${bc:-no result within 60 s}" ;; esac
curl -sf -o /dev/null -H "Authorization: Bearer $token" "$quant.xlsx" || fail "body-composition spreadsheet of $ct"
echo "smoke: quantification measured $ct at L3 (skeletal muscle ${bc#SUCCEEDED } cm2), SR stored, spreadsheet served"
# The labeling service imported the inference SEG of the CT as pre-labels; an annotator runs the HU
# threshold tool on one of its slices and saves the result as version 2 (the archive is not changed).
annotator=$(curl -sf -d grant_type=password -d client_id=radflow-viewer -d username=annotator -d password=annotator \
  "http://127.0.0.1:${RADFLOW_KEYCLOAK_PORT:-18180}/realms/radflow/protocol/openid-connect/token" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])') || fail "no token for demo user annotator"
api="http://127.0.0.1:${RADFLOW_LABELING_PORT:-8080}/api/v1"
prelabels() { curl -sf -H "Authorization: Bearer $annotator" "$api/label-sets?study=$ct" | python3 -c '
import json,sys
sets = [s for s in json.load(sys.stdin) if s.get("importedFrom")]
print("%d %s %s" % (sets[0]["id"], sets[0]["studyInstanceUID"], sets[0]["seriesInstanceUID"]) if sets else "")' 2>/dev/null; }
for _ in $(seq 1 30); do [ -n "$(prelabels)" ] && break; sleep 1; done
read -r set_id _ set_series <<<"$(prelabels)"
[ -n "${set_id:-}" ] || fail "no pre-label set of $ct's inference SEG within 30 s"
sop=$(curl -sf -H "Authorization: Bearer $annotator" "$api/label-sets/$set_id/versions/1" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["slices"][0]["sopInstanceUID"])') || fail "pre-labels of set $set_id empty"
curl -sf -H "Authorization: Bearer $annotator" -H 'Content-Type: application/json' "$api/tools/threshold" \
  -d "{\"frame\":{\"studyInstanceUID\":\"$ct\",\"seriesInstanceUID\":\"$set_series\",\"sopInstanceUID\":\"$sop\",\"frame\":1},\"low\":-29,\"high\":150}" \
  >"$work/threshold.json" || fail "threshold tool on $sop"
mask=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert r["pixels"] > 0; print(r["mask"])' "$work/threshold.json") ||
  fail "threshold tool selected nothing: $(cat "$work/threshold.json")"
code=$(curl -s -o "$work/save.json" -w '%{http_code}' -H "Authorization: Bearer $annotator" -H 'Content-Type: application/json' \
  "$api/label-sets/$set_id/versions" \
  -d "{\"baseVersion\":1,\"source\":\"threshold\",\"slices\":[{\"sopInstanceUID\":\"$sop\",\"frame\":1,\"segment\":1,\"mask\":\"$mask\"}]}")
[ "$code" = 201 ] || fail "saving version 2 of label set $set_id answered $code: $(cat "$work/save.json")"
echo "smoke: labeling imported $ct's AI SEG as label set $set_id; threshold tool and a new version saved"
# the CT: its 30 images, the AI results, quantification's report and its outlines SR (OHIF draws that one)
ct_n=$((30 + ct_ai + 2)); dx_n=$((1 + dx_ai))
for _ in $(seq 1 30); do [ "$(instances "$ct")" = "$ct_n" ] && [ "$(instances "$dx")" = "$dx_n" ] && break; sleep 1; done
[ "$(instances "$ct")" = "$ct_n" ] || fail "QIDO-RS: study $ct has $(instances "$ct") instances, not $ct_n"
[ "$(instances "$dx")" = "$dx_n" ] || fail "QIDO-RS: study $dx has $(instances "$dx") instances, not $dx_n"
echo "smoke: QIDO-RS on the labeling-service finds both studies with their images and AI results"

# something to find again after a restart: a Kafka record and a PostgreSQL row
echo "smoke-$$" | kcat -P -b "$kafka" -t radflow.smoke || fail "kcat produce"

deploy/local/down.sh || fail "down.sh"
[ -z "$(leftovers)" ] || fail "processes left after down.sh: $(leftovers)"
echo "smoke: down.sh left no process"

deploy/local/up.sh >/dev/null || fail "second up.sh"
got=$(kcat -C -b "127.0.0.1:${RADFLOW_KAFKA_PORT:-19092}" -t radflow.smoke -o beginning -e -q) || fail "kcat consume"
grep -q "smoke-$$" <<<"$got" || fail "the Kafka record did not survive down.sh + up.sh"
curl -sf -d grant_type=password -d client_id=radflow-viewer -d username=annotator -d password=annotator \
  "http://127.0.0.1:${RADFLOW_KEYCLOAK_PORT:-18180}/realms/radflow/protocol/openid-connect/token" >/dev/null ||
  fail "Keycloak realm lost after restart"
token=$(curl -sf -d grant_type=password -d client_id=radflow-viewer -d username=radiologist -d password=radiologist \
  "http://127.0.0.1:${RADFLOW_KEYCLOAK_PORT:-18180}/realms/radflow/protocol/openid-connect/token" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])') || fail "no token after restart"
[ "$(instances "$ct")" = "$ct_n" ] || fail "study $ct lost from the index after down.sh + up.sh"
frames=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$(
  python3 -c 'import json,sys; print(json.load(sys.stdin)["00081199"]["Value"][0]["00081190"]["Value"][0])' <"$work/stow.json")")
[ "$frames" = 200 ] || fail "the STOW-RS instance's RetrieveURL answered $frames after down.sh + up.sh"
echo "smoke: data survived down.sh + up.sh"
deploy/local/down.sh || fail "final down.sh"
[ -z "$(leftovers)" ] || fail "processes left after the final down.sh: $(leftovers)"
echo "smoke: passed"
