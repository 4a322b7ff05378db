#!/usr/bin/env bash
# Stops everything deploy/local/up.sh started, by PID, and leaves no process behind.
#   deploy/local/down.sh           stop (data is kept: the next up.sh continues where this left off)
#   deploy/local/down.sh --reset   stop and wipe all local data (database, Kafka log, Keycloak, archive)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

reset=false
for a in "$@"; do
  case "$a" in
    --reset) reset=true ;;
    -h|--help) sed -n '2,4p' "$0"; exit 0 ;;
    *) die "unknown option $a (see --help)" ;;
  esac
done

for s in "${SERVICES[@]}"; do stop_component "$s" 30; done
stop_component keycloak 60
stop_component kafka 90
stop_component s3proxy 30
stop_component postgres 60

# A postmaster whose launcher was killed -9 would outlive it: stop it through its own PID file.
pm="$DATA/postgres/postmaster.pid"
if [ -f "$pm" ]; then
  ppid=$(head -n1 "$pm")
  if [ -n "$ppid" ] && kill -0 "$ppid" 2>/dev/null; then
    say "stopping leftover PostgreSQL (pid $ppid)"
    kill -INT "$ppid" 2>/dev/null || true
    for ((i = 0; i < 150; i++)); do kill -0 "$ppid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$ppid" 2>/dev/null || true
  fi
fi

if $reset; then
  say "wiping local data in $DATA"
  rm -rf "$DATA" "$LOGS"
fi
say "Radflow is stopped."
