#!/usr/bin/env bash
# Starts the whole Radflow suite on this machine, bound to 127.0.0.1:
#   PostgreSQL, a Kafka broker (KRaft) and Keycloak (realm radflow) from Maven Central artifacts,
#   then the four services, built first when needed. Waits until every health check is UP.
#
#   deploy/local/up.sh            start (idempotent: says what is already running)
#   deploy/local/up.sh --reset    stop everything, wipe all local data, start fresh
#   deploy/local/up.sh --build    rebuild the services even if they look up to date
#   deploy/local/up.sh --s3       keep the archive in an S3 bucket (a local s3proxy) instead of a folder;
#                                 chosen at the first start (or after --reset) and kept from then on
#
# Needs only a JDK >= 21 and Node.js >= 20 with npm. State (PIDs, logs, data) lives under
# deploy/local/.state (git-ignored); data survives down.sh + up.sh. With a JDK >= 25 the first start
# after a build also trains ingest's JDK AOT cache (.state/aot; RADFLOW_AOT_CACHE=off leaves it out).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

reset=false; force_build=false; want_archive=${RADFLOW_ARCHIVE_TYPE:-}
for a in "$@"; do
  case "$a" in
    --reset) reset=true ;;
    --build) force_build=true ;;
    --s3) want_archive=s3 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) die "unknown option $a (see --help)" ;;
  esac
done

find_java
command -v node >/dev/null 2>&1 || die "Node.js >= 20 is needed (for the web assets): node not found on PATH"
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 20 ] || die "Node.js >= 20 is needed, found $(node --version)"
command -v npm >/dev/null 2>&1 || die "npm is needed next to Node.js: npm not found on PATH"
command -v curl >/dev/null 2>&1 || die "curl is needed for the health checks"

if $reset; then
  "$RADFLOW_ROOT/deploy/local/down.sh" --reset
fi
mkdir -p "$RUN" "$LOGS" "$DATA"
# the archive's kind is fixed at the first start: the index names objects that live in that store
if [ -f "$DATA/archive-type" ]; then
  archive_type=$(cat "$DATA/archive-type")
  [ -z "$want_archive" ] || [ "$want_archive" = "$archive_type" ] || \
    die "this local stack keeps its archive in '$archive_type'; start with --reset to switch to '$want_archive' (wipes all local data)"
else
  archive_type=${want_archive:-filesystem}
  case "$archive_type" in filesystem|s3) ;; *) die "unknown archive type '$archive_type' (filesystem or s3)" ;; esac
  echo "$archive_type" >"$DATA/archive-type"
fi

# ---- build ---------------------------------------------------------------------------------
needs_build() {
  $force_build && return 0
  [ -f "$RADFLOW_ROOT/devstack/target/devstack-0.1.0-SNAPSHOT.jar" ] || return 0
  [ -d "$RADFLOW_ROOT/devstack/target/kafka-libs" ] || return 0
  [ -f "$RADFLOW_ROOT/devstack/target/keycloak/keycloak-quarkus-dist.zip" ] || return 0
  [ -f "$RADFLOW_ROOT/devstack/target/s3proxy/s3proxy.jar" ] || return 0
  local s jar
  for s in "${SERVICES[@]}"; do
    jar="$RADFLOW_ROOT/$s-service/target/quarkus-app/quarkus-run.jar"
    [ -f "$jar" ] || return 0
  done
  # any source or POM newer than the oldest service build
  jar=$(ls -tr "$RADFLOW_ROOT"/*-service/target/quarkus-app/quarkus-run.jar | head -n1)
  [ -n "$(find "$RADFLOW_ROOT" -path "$RADFLOW_ROOT/deploy/local/.state" -prune -o \( -name '*.java' -o -name 'pom.xml' -o -name '*.properties' -o -name '*.sql' -o -name '*.ts' -o -name '*.css' -o -name 'package-lock.json' \) -path '*/src/*' -not -path '*/node_modules/*' -newer "$jar" -print -quit 2>/dev/null)" ] && return 0
  [ -n "$(find "$RADFLOW_ROOT" -maxdepth 2 -name pom.xml -newer "$jar" -print -quit)" ] && return 0
  return 1
}
if needs_build; then
  say "building Radflow (./mvnw -Pquick package, no tests) ..."
  (cd "$RADFLOW_ROOT" && ./mvnw -B -q -Pquick package) >"$LOGS/build.log" 2>&1 || {
    tail -n 40 "$LOGS/build.log" >&2; die "build failed, see $LOGS/build.log"; }
fi
DEVSTACK_CP="$RADFLOW_ROOT/devstack/target/devstack-0.1.0-SNAPSHOT.jar:$RADFLOW_ROOT/devstack/target/lib/*"

# ---- start helpers ------------------------------------------------------------------------
# start NAME CMD...: runs CMD in its own session (process group = PID) with output in logs/NAME.log
start() {
  local name=$1; shift
  if is_running "$name"; then
    say "$name is already running (pid $(pid_of "$name"))"
    return 1
  fi
  [ -f "$LOGS/$name.log" ] && mv -f "$LOGS/$name.log" "$LOGS/$name.previous.log"
  setsid "$@" >"$LOGS/$name.log" 2>&1 < /dev/null &
  echo $! >"$RUN/$name.pid"
  return 0
}

wait_for() { # NAME TIMEOUT CHECK...
  local name=$1 timeout=$2; shift 2
  local i
  for ((i = 0; i < timeout * 2; i++)); do
    if "$@"; then return 0; fi
    is_running "$name" || { tail -n 30 "$LOGS/$name.log" >&2; die "$name exited during start, see $LOGS/$name.log"; }
    sleep 0.5
  done
  tail -n 30 "$LOGS/$name.log" >&2
  die "$name did not become ready in ${timeout}s, see $LOGS/$name.log"
}
ready_line() { grep -q "^READY $2" "$LOGS/$1.log" 2>/dev/null; }
service_up() { [ "$(http_code "http://127.0.0.1:$(service_port "$1")/q/health/ready")" = 200 ]; }

# ---- infrastructure -----------------------------------------------------------------------
if start postgres "$JAVA" -Xmx256m -XX:+UseSerialGC -cp "$DEVSTACK_CP" io.radflow.devstack.DevStack postgres \
    --port "$RADFLOW_PG_PORT" --data "$DATA/postgres" --work "$DATA/postgres-bin"; then
  say "starting PostgreSQL on 127.0.0.1:$RADFLOW_PG_PORT"
fi
if start kafka "$JAVA" -Xmx64m -XX:+UseSerialGC -cp "$DEVSTACK_CP" io.radflow.devstack.DevStack kafka \
    --port "$RADFLOW_KAFKA_PORT" --controller-port "$RADFLOW_KAFKA_CONTROLLER_PORT" --data "$DATA/kafka" \
    --libs "$RADFLOW_ROOT/devstack/target/kafka-libs"; then
  say "starting Kafka on 127.0.0.1:$RADFLOW_KAFKA_PORT"
fi
if start keycloak "$JAVA" -Xmx64m -XX:+UseSerialGC -cp "$DEVSTACK_CP" io.radflow.devstack.DevStack keycloak \
    --port "$RADFLOW_KEYCLOAK_PORT" --home "$DATA/keycloak" --realm "$RADFLOW_ROOT/deploy/keycloak/radflow-realm.json"; then
  say "starting Keycloak on 127.0.0.1:$RADFLOW_KEYCLOAK_PORT (the first start takes about a minute)"
fi
if [ "$archive_type" = s3 ]; then
  # a real S3 API server (s3proxy, filesystem backend) with a key of this machine's own, never on a command line
  mkdir -p "$DATA/s3proxy"
  [ -s "$DATA/s3proxy/secret-key" ] || (umask 077; head -c 30 /dev/urandom | base64 | tr -d '/+=\n' >"$DATA/s3proxy/secret-key")
  S3PROXY_SECRET_KEY=$(cat "$DATA/s3proxy/secret-key"); export S3PROXY_SECRET_KEY
  if start s3proxy "$JAVA" -Xmx64m -XX:+UseSerialGC -cp "$DEVSTACK_CP" io.radflow.devstack.DevStack s3proxy \
      --port "$RADFLOW_S3_PORT" --data "$DATA/s3proxy" --access-key radflow-local \
      --jar "$RADFLOW_ROOT/devstack/target/s3proxy/s3proxy.jar"; then
    say "starting s3proxy (the S3 archive) on 127.0.0.1:$RADFLOW_S3_PORT"
  fi
  export RADFLOW_ARCHIVE_TYPE=s3 RADFLOW_ARCHIVE_S3_ENDPOINT="http://127.0.0.1:$RADFLOW_S3_PORT" \
    RADFLOW_ARCHIVE_S3_BUCKET=radflow-archive RADFLOW_ARCHIVE_S3_PATH_STYLE=true RADFLOW_ARCHIVE_S3_CREATE_BUCKET=true \
    RADFLOW_ARCHIVE_S3_ACCESS_KEY_ID=radflow-local RADFLOW_ARCHIVE_S3_SECRET_ACCESS_KEY="$S3PROXY_SECRET_KEY" \
    RADFLOW_ARCHIVE_STAGING="$DATA/archive-staging" RADFLOW_ARCHIVE_CACHE="$DATA/archive-cache"
  wait_for s3proxy 90 ready_line s3proxy s3proxy
fi
wait_for postgres 120 ready_line postgres postgres
wait_for kafka 120 ready_line kafka kafka

# ---- services -----------------------------------------------------------------------------
# Secured by default: services validate Keycloak's tokens and use the generated radflow-services
# secret for service-to-service calls (inherited through the environment, never on a command line).
wait_for keycloak 60 test -s "$DATA/keycloak/radflow-services.secret"
export RADFLOW_OIDC_ISSUER="http://127.0.0.1:$RADFLOW_KEYCLOAK_PORT/realms/radflow"
RADFLOW_SERVICES_CLIENT_SECRET=$(cat "$DATA/keycloak/radflow-services.secret")
export RADFLOW_SERVICES_CLIENT_SECRET
# start_service NAME [JVM OPTION...]: one service with its environment (CORS, archive, models)
start_service() {
  local s=$1 heap=384m cors=(); shift
  # inference holds a series' images and masks while its model runs: a larger heap
  [ "$s" = inference ] && heap=1g
  # quantification's API is called by the labeling web app (/label/) from labeling-service's origin (CORS)
  [ "$s" = quantification ] && \
    cors=(RADFLOW_CORS_ORIGINS="http://127.0.0.1:$RADFLOW_LABELING_PORT,http://localhost:$RADFLOW_LABELING_PORT")
  start "$s" env RADFLOW_DICOM_PORT="$RADFLOW_DICOM_PORT" RADFLOW_AE_TITLE="$RADFLOW_AE_TITLE" \
    RADFLOW_ARCHIVE_ROOT="$DATA/archive" RADFLOW_INFERENCE_MODEL_DIR="$RADFLOW_ROOT/models" ${cors[@]+"${cors[@]}"} \
    "$JAVA" -Xmx$heap -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED -Dquarkus.log.file.enable=false "$@" \
    -jar "$RADFLOW_ROOT/$s-service/target/quarkus-app/quarkus-run.jar"
}

# JDK 25's AOT cache (JEP 483/514/515: classes loaded and linked, method profiles) for ingest (packaged as
# aot-jar): trained once per build by a start whose own start-up warm-up is the training workload, then used
# by every start (ingest-service/README.md, "Start-up and the first study"; not for labeling, whose warm
# frame path measured slower with one). RADFLOW_AOT_CACHE=off: never.
AOT="$STATE/aot"
java_release=$(java_major "$JAVA") # once: each call starts a JVM
aot_wanted() {
  case "$1" in ingest) ;; *) return 1 ;; esac
  [ "${RADFLOW_AOT_CACHE:-on}" != off ] && [ "$java_release" -ge 25 ]
}
aot_fresh() { [ -s "$AOT/$1.aot" ] && [ "$AOT/$1.aot" -nt "$RADFLOW_ROOT/$1-service/target/quarkus-app/quarkus-run.jar" ]; }
train=()
for s in "${SERVICES[@]}"; do
  if aot_wanted "$s" && ! aot_fresh "$s" && ! is_running "$s"; then train+=("$s"); fi
done
if [ ${#train[@]} -gt 0 ]; then
  mkdir -p "$AOT"
  say "training the JDK AOT cache of ${train[*]} (once per build: one start and stop, about half a minute)"
  for s in "${train[@]}"; do
    rm -f "$AOT/$s.aot" "$AOT/$s.aot.part"
    start_service "$s" -XX:AOTCacheOutput="$AOT/$s.aot.part"
  done
  for s in "${train[@]}"; do wait_for "$s" 180 service_up "$s"; done
  # the JVM writes the cache as it exits (a forked JVM assembles it); a cache not written is only a slower start
  for s in "${train[@]}"; do stop_component "$s" 120; done
  for s in "${train[@]}"; do
    if [ -s "$AOT/$s.aot.part" ]; then
      mv -f "$AOT/$s.aot.part" "$AOT/$s.aot"
    else
      say "  no AOT cache written for $s (see $LOGS/$s.previous.log once it starts); it starts without one"
    fi
  done
fi
for s in "${SERVICES[@]}"; do
  aot=()
  aot_wanted "$s" && aot_fresh "$s" && aot=(-XX:AOTCache="$AOT/$s.aot")
  if start_service "$s" ${aot[@]+"${aot[@]}"}; then
    say "starting $s-service on 127.0.0.1:$(service_port "$s")${aot:+ (AOT cache)}"
  fi
done
wait_for keycloak 300 ready_line keycloak keycloak
for s in "${SERVICES[@]}"; do wait_for "$s" 180 service_up "$s"; done

cat <<TXT

Radflow is up (all health checks UP). Everything listens on 127.0.0.1 only.

  Viewer (OHIF)                  http://127.0.0.1:$RADFLOW_LABELING_PORT/viewer/  (logs in through Keycloak: a demo user below)
  Labeling web app               http://127.0.0.1:$RADFLOW_LABELING_PORT/label/   (annotators: label, correct, measure)
  Labeling service, DICOMweb     http://127.0.0.1:$RADFLOW_LABELING_PORT/dicomweb
  Ingest service (STOW-RS)       http://127.0.0.1:$RADFLOW_INGEST_PORT/dicomweb
  Ingest DICOM (C-STORE, C-ECHO) AE $RADFLOW_AE_TITLE on 127.0.0.1:$RADFLOW_DICOM_PORT (plain TCP; calling AE
                                 ${RADFLOW_CALLING_AE_TITLES:-PACS,ORTHANC,STORESCU}; JWT identity ${RADFLOW_DICOM_USER_IDENTITY:-optional})
  STOW-RS pushers                client pacs-gateway, secret in $DATA/keycloak/pacs-gateway.secret
  Inference service              http://127.0.0.1:$RADFLOW_INFERENCE_PORT
  Quantification service         http://127.0.0.1:$RADFLOW_QUANTIFICATION_PORT
  Health / metrics (public)      http://127.0.0.1:<port>/q/health  /q/metrics
  APIs need a bearer token from Keycloak (docs/security.md)
  Keycloak (realm radflow)       http://127.0.0.1:$RADFLOW_KEYCLOAK_PORT/realms/radflow
  Keycloak admin console         http://127.0.0.1:$RADFLOW_KEYCLOAK_PORT/admin  (admin / $(cat "$DATA/keycloak/admin-password"))
  PostgreSQL                     127.0.0.1:$RADFLOW_PG_PORT  database radflow
  Kafka                          127.0.0.1:$RADFLOW_KAFKA_PORT
  Archive                        $([ "$archive_type" = s3 ] && echo "S3 bucket radflow-archive at http://127.0.0.1:$RADFLOW_S3_PORT (s3proxy; key radflow-local, secret in $DATA/s3proxy/secret-key)" || echo "folder $DATA/archive")

Demo users (local only; password = user name): radiologist, annotator, researcher, admin
  The viewer logs in with them on Keycloak's login page (saving from the viewer needs annotator or admin).
State, logs and data: $STATE
Stop with deploy/local/down.sh; status with deploy/local/status.sh.
TXT
