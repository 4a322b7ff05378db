#!/bin/sh
# DICOM C-STORE benchmark: dcmtk storescu -> Radflow storescp vs -> dcmtk storescp (both write to
# disk), and Radflow storescu vs dcmtk storescu into the same dcmtk storescp. TCP_NODELAY=1 for all.
#
# usage: dicom-core/src/bench/net-bench.sh [SERIES_DIR] [RUNS]
#   SERIES_DIR: a folder of Part 10 files (default: a generated 300-slice 512x512 CT series in
#   dicom-core/target/net-bench/ct300); RUNS: repetitions per case (default 5, the median is shown).
# Each SCP is started once and warmed up with one untimed run (a PACS-facing SCP runs for days).
# Needs: dcmtk, /usr/bin/python3 with pydicom and numpy, and the jar
#   (./mvnw -B -q -pl dicom-core package -DskipTests).
set -eu
root="$(cd "$(dirname "$0")/../../.." && pwd)"
export TCP_NODELAY=1
work="$root/dicom-core/target/net-bench"
series="${1:-$work/ct300}"
runs="${2:-5}"
# the JDK is resolved once here: bin/radflow-dicom probes JDKs on every start, which would be timed
major() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n1 | cut -d. -f1; }
java=""
for home in ${JAVA_HOME:-} /usr/lib/jvm/*; do
  if [ -x "$home/bin/java" ] && [ "$(major "$home/bin/java")" -ge 21 ] 2>/dev/null; then java="$home/bin/java"; break; fi
done
[ -n "$java" ] || java=java
jar="$root/dicom-core/target/radflow-dicom.jar"
mkdir -p "$work"
[ -f "$root/dicom-core/target/radflow-dicom.jar" ] || { echo "build the jar first: ./mvnw -B -q -pl dicom-core package -DskipTests" >&2; exit 1; }
if [ ! -d "$series" ]; then
  /usr/bin/python3 "$root/dicom-core/src/bench/make_ct_series.py" "$series" 300
fi
count=$(find "$series" -type f | wc -l)
bytes=$(du -sb "$series" | cut -f1)
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
scp_pid=""

now() { date +%s.%N; }

start_scp() { # $1 = radflow | radflow-nofsync | dcmtk ; $2 = output dir
  rm -rf "$2"; mkdir -p "$2"
  case "$1" in
    radflow) "$java" -jar "$jar" storescp -aet BENCH -bind 127.0.0.1 "$port" "$2" >"$work/scp.log" 2>&1 & ;;
    radflow-nofsync) "$java" -jar "$jar" storescp -aet BENCH -bind 127.0.0.1 -no-fsync "$port" "$2" >"$work/scp.log" 2>&1 & ;;
    dcmtk) storescp -aet BENCH -od "$2" "$port" >"$work/scp.log" 2>&1 & ;;
  esac
  scp_pid=$!
  i=0
  until echoscu -aec BENCH 127.0.0.1 "$port" >/dev/null 2>&1; do
    i=$((i + 1)); [ $i -lt 200 ] || { echo "SCP did not start" >&2; cat "$work/scp.log" >&2; exit 1; }
    sleep 0.1
  done
}

stop_scp() { kill "$scp_pid" 2>/dev/null || true; wait "$scp_pid" 2>/dev/null || true; }

send() { # $1 = dcmtk | radflow
  case "$1" in
    dcmtk) storescu -aec BENCH +sd +r 127.0.0.1 "$port" "$series" >"$work/scu.log" 2>&1 ;;
    radflow) "$java" -jar "$jar" storescu -aec BENCH 127.0.0.1 "$port" "$series" >"$work/scu.log" 2>&1 ;;
  esac
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

timed_send() { # $1 = scu ; prints seconds, checks that every file arrived
  rm -rf "$work/received"/*
  t0=$(now); send "$1"; t1=$(now)
  got=$(find "$work/received" -type f ! -name '*.part' | wc -l)
  [ "$got" -eq "$count" ] || { echo "$1: received $got of $count" >&2; cat "$work/scu.log" >&2; exit 1; }
  echo "$t0 $t1" | awk '{printf "%.3f\n", $2 - $1}'
}

row() { # $1 = scu, $2 = scp, $3 = seconds
  printf '| %s storescu | %s storescp | %s | %s |\n' "$1" "$2" "$3" "$(echo "$count $3" | awk '{printf "%.1f", $1 / $2}')"
}

echo "# $count files, $((bytes / 1048576)) MiB, median of $runs runs after one warm-up run per SCP, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs"
printf '| SCU | SCP | seconds | instances/s |\n|---|---|---|---|\n'
# SCP comparison: dcmtk storescu into each SCP; each SCP started once, warmed up with one run
for scp in dcmtk radflow radflow-nofsync; do
  start_scp "$scp" "$work/received"
  timed_send dcmtk >/dev/null
  row dcmtk "$scp" "$(for r in $(seq "$runs"); do timed_send dcmtk; done | median)"
  stop_scp
done
# SCU comparison into the same dcmtk storescp; Radflow's time includes starting its JVM
start_scp dcmtk "$work/received"
timed_send dcmtk >/dev/null
row dcmtk dcmtk "$(for r in $(seq "$runs"); do timed_send dcmtk; done | median)"
: >"$work/transfer.txt"
s=$(for r in $(seq "$runs"); do timed_send radflow; sed -n 's/.* in \([0-9.]*\) s .*/\1/p' "$work/scu.log" >>"$work/transfer.txt"; done | median)
row radflow dcmtk "$s"
printf '| radflow storescu (transfer only: its own timer, without JVM start and file scan) | dcmtk storescp | %s | %s |\n' \
  "$(median <"$work/transfer.txt")" "$(echo "$count $(median <"$work/transfer.txt")" | awk '{printf "%.1f", $1 / $2}')"
stop_scp
