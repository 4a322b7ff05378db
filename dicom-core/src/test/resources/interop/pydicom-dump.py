#!/usr/bin/python3
"""Dumps pydicom's view of DICOM files as JSON lines, for PydicomInteropTest.

usage: /usr/bin/python3 pydicom-dump.py FILE...
One line per file: {"file", "meta": ELEMENTS, "ds": ELEMENTS} or {"file", "error"}.
ELEMENTS is a list of [tag "GGGGEEEE", VR, value, raw] where value is
  - SQ: a list of items, each an ELEMENTS list
  - binary VRs (OB OW OF OD OL OV UN ...): {"md5", "len"} of the bytes pydicom holds
  - numbers (US SS UL SL FL FD SV UV DS IS AT): list of numbers ("nan"/"inf" as strings)
  - strings (incl. PN as str(PersonName)): list of str, trailing spaces/NULs stripped
  - {"error": message} when pydicom cannot convert the value
and raw is {"md5", "len"} of the undecoded value bytes (null for sequences).
"""
import hashlib
import json
import math
import sys
import warnings

import pydicom
from pydicom.dataelem import RawDataElement
from pydicom.multival import MultiValue

warnings.simplefilter("ignore")
BINARY = {"OB", "OW", "OF", "OD", "OL", "OV", "UN", "OB or OW", "US or OW", "US or SS or OW"}
NUMBERS = {"US", "SS", "UL", "SL", "FL", "FD", "SV", "UV", "DS", "IS", "AT", "US or SS"}


def digest(b):
    return {"md5": hashlib.md5(b).hexdigest(), "len": len(b)}


def number(v):
    if isinstance(v, float) and (math.isnan(v) or math.isinf(v)):
        return str(v)
    if isinstance(v, float):
        return v
    return int(v) if not isinstance(v, (str, bytes)) else float(v)


def as_list(v):
    if v is None or v == "":
        return []
    if isinstance(v, (list, MultiValue, tuple)):
        return list(v)
    return [v]


def value_of(elem):
    vr = elem.VR
    v = elem.value
    if vr == "SQ":
        return [elements(item) for item in v]
    if vr in BINARY or isinstance(v, bytes):
        if v is None:
            return digest(b"")
        if isinstance(v, bytes):
            return digest(v)
        if vr in ("US or SS", "US or OW", "US or SS or OW", "OB or OW"):
            return [number(x) for x in as_list(v)]
        return digest(bytes(v))
    if vr in NUMBERS:
        return [number(x) if x != "" else None for x in as_list(v)]
    return [str(x).rstrip(" \0") for x in as_list(v)]


def elements(ds):
    out = []
    for tag in sorted(ds.keys()):
        raw = ds.get_item(tag)
        raw_digest = None
        if isinstance(raw, RawDataElement) and isinstance(raw.value, bytes):
            raw_digest = digest(raw.value)
        try:
            elem = ds[tag]
            vr = elem.VR
            value = value_of(elem)
        except Exception as e:  # pydicom cannot convert this value
            vr = raw.VR if isinstance(raw, RawDataElement) else None
            value = {"error": "%s: %s" % (type(e).__name__, e)}
        if vr == "SQ":
            raw_digest = None
        out.append(["%08X" % tag, vr, value, raw_digest])
    return out


for path in sys.argv[1:]:
    name = path
    try:
        ds = pydicom.dcmread(path, force=True)
        line = {"file": name, "meta": elements(ds.file_meta) if hasattr(ds, "file_meta") else [], "ds": elements(ds)}
    except Exception as e:
        line = {"file": name, "error": "%s: %s" % (type(e).__name__, e)}
    print(json.dumps(line, ensure_ascii=False), flush=True)
