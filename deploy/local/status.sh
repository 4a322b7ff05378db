#!/usr/bin/env bash
# Prints each component of the local stack, its PID and its health. Exit status 0 when all are UP.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

all_up=true
row() { printf '%-16s %-8s %-7s %s\n' "$1" "$2" "$3" "$4"; }
row COMPONENT PID HEALTH WHERE
components=(postgres kafka keycloak)
[ "$(cat "$DATA/archive-type" 2>/dev/null)" = s3 ] && components+=(s3proxy)
for c in "${components[@]}" "${SERVICES[@]}"; do
  pid=$(pid_of "$c"); health=DOWN; where=""
  if ! is_running "$c"; then pid="-"; health=STOPPED; fi
  case "$c" in
    postgres) where="127.0.0.1:$RADFLOW_PG_PORT"; port_open "$RADFLOW_PG_PORT" && [ "$pid" != - ] && health=UP ;;
    kafka) where="127.0.0.1:$RADFLOW_KAFKA_PORT"; port_open "$RADFLOW_KAFKA_PORT" && [ "$pid" != - ] && health=UP ;;
    s3proxy) where="http://127.0.0.1:$RADFLOW_S3_PORT"; port_open "$RADFLOW_S3_PORT" && [ "$pid" != - ] && health=UP ;;
    keycloak)
      where="http://127.0.0.1:$RADFLOW_KEYCLOAK_PORT/realms/radflow"
      [ "$(http_code "$where/.well-known/openid-configuration")" = 200 ] && [ "$pid" != - ] && health=UP ;;
    *)
      where="http://127.0.0.1:$(service_port "$c")/q/health/ready"
      [ "$(http_code "$where")" = 200 ] && [ "$pid" != - ] && health=UP ;;
  esac
  [ "$health" = UP ] || all_up=false
  row "$c" "$pid" "$health" "$where"
done
$all_up
