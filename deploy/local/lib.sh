#!/usr/bin/env bash
# Shared by up.sh, down.sh and status.sh: locations, ports (each overridable by an environment
# variable), the JDK, and PID-file helpers. Every listener binds to 127.0.0.1.
set -euo pipefail

RADFLOW_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
STATE="${RADFLOW_STATE_DIR:-$RADFLOW_ROOT/deploy/local/.state}"
RUN="$STATE/run"    # PID files
LOGS="$STATE/logs"
DATA="$STATE/data"

: "${RADFLOW_LABELING_PORT:=8080}"
: "${RADFLOW_INGEST_PORT:=8081}"
: "${RADFLOW_DICOM_PORT:=11112}"
: "${RADFLOW_AE_TITLE:=RADFLOW}"
: "${RADFLOW_INFERENCE_PORT:=8082}"
: "${RADFLOW_QUANTIFICATION_PORT:=8083}"
: "${RADFLOW_PG_PORT:=15432}"
: "${RADFLOW_KAFKA_PORT:=19092}"
: "${RADFLOW_KAFKA_CONTROLLER_PORT:=$((RADFLOW_KAFKA_PORT + 1))}"
: "${RADFLOW_KEYCLOAK_PORT:=18180}"
: "${RADFLOW_S3_PORT:=18333}"
export RADFLOW_LABELING_PORT RADFLOW_INGEST_PORT RADFLOW_DICOM_PORT RADFLOW_AE_TITLE RADFLOW_INFERENCE_PORT \
  RADFLOW_QUANTIFICATION_PORT RADFLOW_PG_PORT RADFLOW_KAFKA_PORT RADFLOW_KAFKA_CONTROLLER_PORT RADFLOW_KEYCLOAK_PORT \
  RADFLOW_S3_PORT

SERVICES=(ingest labeling inference quantification)
INFRA=(postgres kafka keycloak s3proxy)

say() { printf '%s\n' "$*"; }
die() { printf 'radflow: %s\n' "$*" >&2; exit 1; }

service_port() {
  case "$1" in
    ingest) echo "$RADFLOW_INGEST_PORT" ;;
    labeling) echo "$RADFLOW_LABELING_PORT" ;;
    inference) echo "$RADFLOW_INFERENCE_PORT" ;;
    quantification) echo "$RADFLOW_QUANTIFICATION_PORT" ;;
  esac
}

java_major() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n1 | cut -d. -f1; }

# Sets JAVA to a JDK >= 21: JAVA_HOME first, then /usr/lib/jvm/*.
find_java() {
  local c
  for c in ${JAVA_HOME:+"$JAVA_HOME"} /usr/lib/jvm/*; do
    if [ -x "$c/bin/java" ] && [ "$(java_major "$c/bin/java")" -ge 21 ] 2>/dev/null; then
      JAVA_HOME="$c"; JAVA="$c/bin/java"; export JAVA_HOME; return 0
    fi
  done
  die "a JDK 21 or newer is needed: set JAVA_HOME to one (found: $(command -v java || echo none) $(java -version 2>&1 | head -n1))"
}

pid_of() { [ -f "$RUN/$1.pid" ] && cat "$RUN/$1.pid" || true; }
is_running() { local p; p=$(pid_of "$1"); [ -n "$p" ] && kill -0 "$p" 2>/dev/null; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
http_code() { curl -s -o /dev/null -m 5 -w '%{http_code}' "$1" 2>/dev/null || true; }

# Stops one component started by up.sh: SIGTERM to its process group, then SIGKILL after a grace period.
stop_component() {
  local name=$1 grace=${2:-60} pid i
  pid=$(pid_of "$name")
  if [ -z "$pid" ]; then return 0; fi
  if kill -0 "$pid" 2>/dev/null; then
    say "stopping $name (pid $pid)"
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < grace * 5; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
    if kill -0 "$pid" 2>/dev/null; then
      say "  $name did not stop in ${grace}s: killing it"
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  # anything left in its process group (e.g. a child JVM)
  if pgrep -g "$pid" >/dev/null 2>&1; then
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  rm -f "$RUN/$name.pid"
}
