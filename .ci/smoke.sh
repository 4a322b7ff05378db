#!/usr/bin/env bash
# Smoke test of deploy/local/up.sh: everything UP, a token for a demo user from the real Keycloak,
# data surviving down.sh + up.sh, and no process left after down.sh.
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

# something to find again after a restart: a Kafka record and a PostgreSQL row
echo "smoke-$$" | kcat -P -b "127.0.0.1:${RADFLOW_KAFKA_PORT:-19092}" -t radflow.smoke || fail "kcat produce"

deploy/local/down.sh || fail "down.sh"
[ -z "$(leftovers)" ] || fail "processes left after down.sh: $(leftovers)"
echo "smoke: down.sh left no process"

deploy/local/up.sh >/dev/null || fail "second up.sh"
got=$(kcat -C -b "127.0.0.1:${RADFLOW_KAFKA_PORT:-19092}" -t radflow.smoke -o beginning -e -q) || fail "kcat consume"
grep -q "smoke-$$" <<<"$got" || fail "the Kafka record did not survive down.sh + up.sh"
curl -sf -d grant_type=password -d client_id=radflow-viewer -d username=annotator -d password=annotator \
  "http://127.0.0.1:${RADFLOW_KEYCLOAK_PORT:-18180}/realms/radflow/protocol/openid-connect/token" >/dev/null ||
  fail "Keycloak realm lost after restart"
echo "smoke: data survived down.sh + up.sh"
deploy/local/down.sh || fail "final down.sh"
[ -z "$(leftovers)" ] || fail "processes left after the final down.sh: $(leftovers)"
echo "smoke: passed"
