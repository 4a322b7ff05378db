#!/usr/bin/python3
"""DICOMweb latency of one study on any DICOMweb server, over one keep-alive HTTP/1.1 connection.

usage: dicomweb-bench.py DICOMWEB_ROOT STUDY_UID [LABEL]
A secured server (Radflow) gets the header value in RADFLOW_AUTHORIZATION ("Bearer <token>") as
Authorization on every request.
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


def main():
    root, study = sys.argv[1].rstrip("/"), sys.argv[2]
    label = sys.argv[3] if len(sys.argv) > 3 else root
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
        s = sorted(ms)
        p = lambda q: s[min(len(s) - 1, max(0, -(-q * len(s) // 100) - 1))]
        print(f"  {name:<46} p50 {p(50):8.2f} ms  p90 {p(90):8.2f} ms  max {s[-1]:8.2f} ms")


if __name__ == "__main__":
    main()
