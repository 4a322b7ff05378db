#!/usr/bin/python3
"""DICOMweb latency of one study on any DICOMweb server, over one keep-alive HTTP/1.1 connection.

usage: dicomweb-bench.py DICOMWEB_ROOT STUDY_UID [LABEL] [--cold]
A secured server (Radflow) gets the header value in RADFLOW_AUTHORIZATION ("Bearer <token>") as
Authorization on every request.
--cold (issue 23; run right after a fresh start of the server): the first requests a viewer makes
when it opens the study, each timed once: QIDO of the study, its series, the largest series'
metadata, then frame 1 of every instance of that series in instance order (300 for the benchmark's
CT: the "first 300 frame requests after start"). Server CPU per frame request from /proc when
RADFLOW_BENCH_CPU names the server's processes: "NAME=PID[+],..." (+: with the process's children,
live and ended, as for PostgreSQL's postmaster); the JIT compiler threads of the first are shown.
Measures: WADO-RS frame 1 of the instances of the study's largest series as OHIF asks for it
(100 requests, after one warm-up pass), that series' metadata, QIDO instances of the series, QIDO
/studies (20 requests each). Prints p50/p90/max in ms. Standard library only.
"""
import http.client
import json
import os
import sys
import time
import urllib.parse

OHIF_FRAMES = "multipart/related; type=application/octet-stream; transfer-syntax=*"


CLK_TCK = os.sysconf("SC_CLK_TCK")


def ticks(pid, children=False):
    """utime+stime of a process (+ cutime+cstime of its ended children), clock ticks; 0 if gone."""
    try:
        f = open(f"/proc/{pid}/stat").read().rsplit(") ", 1)[1].split()
    except OSError:
        return 0
    return int(f[11]) + int(f[12]) + ((int(f[13]) + int(f[14])) if children else 0)


def tree_ticks(pid):
    """A process with its ended children and its live children (PostgreSQL's backends and workers)."""
    t = ticks(pid, True)
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                if open(f"/proc/{d}/stat").read().rsplit(") ", 1)[1].split()[1] == str(pid):
                    t += ticks(d, True)
            except OSError:
                pass
    return t


def jit_ticks(pid):
    """CPU of a JVM's JIT compiler threads (C1/C2 CompilerThread*)."""
    t = 0
    for d in os.listdir(f"/proc/{pid}/task") if os.path.isdir(f"/proc/{pid}/task") else []:
        try:
            if open(f"/proc/{pid}/task/{d}/comm").read().startswith(("C1 Compiler", "C2 Compiler")):
                f = open(f"/proc/{pid}/task/{d}/stat").read().rsplit(") ", 1)[1].split()
                t += int(f[11]) + int(f[12])
        except OSError:
            pass
    return t


def cpu_snapshot():
    """{name: ticks} of the processes named in RADFLOW_BENCH_CPU, and the first one's JIT threads."""
    spec = [x.split("=", 1) for x in os.environ.get("RADFLOW_BENCH_CPU", "").split(",") if "=" in x]
    snap = {}
    for i, (name, pid) in enumerate(spec):
        snap[name] = tree_ticks(pid[:-1]) if pid.endswith("+") else ticks(pid)
        if i == 0:
            snap[name + " JIT"] = jit_ticks(pid.rstrip("+"))
    return snap


def pct(s, q):
    s = sorted(s)
    return s[min(len(s) - 1, max(0, -(-q * len(s) // 100) - 1))]


def main():
    cold = "--cold" in sys.argv
    args = [a for a in sys.argv if a != "--cold"]
    root, study = args[1].rstrip("/"), args[2]
    label = args[3] if len(args) > 3 else root
    u = urllib.parse.urlsplit(root)
    conn = http.client.HTTPConnection(u.hostname, u.port or 80)
    path = u.path

    def get(p, accept="application/dicom+json", extra=None):
        headers = {"Accept": accept}
        if os.environ.get("RADFLOW_AUTHORIZATION"):
            headers["Authorization"] = os.environ["RADFLOW_AUTHORIZATION"]
        headers.update(extra or {})
        t = time.perf_counter()
        conn.request("GET", path + p, headers=headers)
        r = conn.getresponse()
        body = r.read()
        ms = (time.perf_counter() - t) * 1000
        if r.status != 200:
            raise SystemExit(f"{p}: HTTP {r.status} {body[:200]!r}")
        return ms, body

    if cold:
        return cold_pass(get, study, label)
    series = json.loads(get(f"/studies/{study}/series")[1])
    largest = max(series, key=lambda s: int(s.get("00201209", {}).get("Value", [0])[0]))
    se = largest["0020000E"]["Value"][0]
    instances = json.loads(get(f"/studies/{study}/series/{se}/instances")[1])
    sops = [i["00080018"]["Value"][0] for i in instances]
    base = f"/studies/{study}/series/{se}"
    for sop in sops:
        get(f"{base}/instances/{sop}/frames/1", OHIF_FRAMES)
    frames = [get(f"{base}/instances/{sops[(i * 37) % len(sops)]}/frames/1", OHIF_FRAMES)[0] for i in range(100)]
    get(f"{base}/metadata")
    meta = [get(f"{base}/metadata")[0] for _ in range(20)]
    meta_gz = [get(f"{base}/metadata", extra={"Accept-Encoding": "gzip"})[0] for _ in range(20)]
    qido_i = [get(f"{base}/instances")[0] for _ in range(20)]
    qido_s = [get("/studies")[0] for _ in range(20)]
    print(f"{label}: study {study}, series of {len(sops)} instances, one keep-alive connection")
    for name, ms in [
        ("WADO-RS frame (100 requests)", frames),
        ("series metadata (20)", meta),
        ("series metadata, Accept-Encoding gzip (20)", meta_gz),
        ("QIDO instances of the series (20)", qido_i),
        ("QIDO /studies (20)", qido_s),
    ]:
        print(f"  {name:<46} p50 {pct(ms, 50):8.2f} ms  p90 {pct(ms, 90):8.2f} ms  max {max(ms):8.2f} ms")


def cold_pass(get, study, label):
    """The first requests after a start, as a viewer opening the study makes them (see --cold)."""
    first = []
    ms, body = get(f"/studies?StudyInstanceUID={study}")
    first.append(("QIDO the study", ms))
    ms, body = get(f"/studies/{study}/series")
    first.append(("QIDO its series", ms))
    series = json.loads(body)
    largest = max(series, key=lambda s: int(s.get("00201209", {}).get("Value", [0])[0]))
    se = largest["0020000E"]["Value"][0]
    base = f"/studies/{study}/series/{se}"
    ms, body = get(f"{base}/metadata")
    first.append(("series metadata", ms))
    meta = json.loads(body)
    number = lambda i: int(i.get("00200013", {}).get("Value", [0])[0])
    sops = [i["00080018"]["Value"][0] for i in sorted(meta, key=number)]
    c0 = cpu_snapshot()
    frames = [get(f"{base}/instances/{sop}/frames/1", OHIF_FRAMES)[0] for sop in sops]
    time.sleep(0.5)  # what the requests left running (audit, JIT) counts too
    c1 = cpu_snapshot()
    print(f"{label}: study {study}, series of {len(sops)} instances, one keep-alive connection, cold")
    for name, ms in first:
        print(f"  {name + ' (first request)':<46} {ms:8.2f} ms")
    n = len(frames)
    print(f"  {f'WADO-RS frame, first {n} requests':<46} p50 {pct(frames, 50):8.2f} ms  p90 {pct(frames, 90):8.2f} ms"
          f"  max {max(frames):8.2f} ms  first {frames[0]:.2f} ms  mean of the last 100 "
          f"{sum(frames[-100:]) / len(frames[-100:]):.2f} ms")
    if c0:
        cpu = {k: (c1[k] - c0[k]) * 1000 / CLK_TCK / n for k in c0}
        print("  server CPU per frame request (ms): "
              + ", ".join(f"{k} {v:.2f}" for k, v in cpu.items())
              + f", total {sum(v for k, v in cpu.items() if not k.endswith(' JIT')):.2f}")


if __name__ == "__main__":
    main()
