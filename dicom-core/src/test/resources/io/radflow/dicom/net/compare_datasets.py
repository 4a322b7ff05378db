"""Compare sent DICOM files with received ones element by element (data sets, not bytes).

Usage: compare_datasets.py RECEIVED_DIR SENT_FILE...
Received files are matched by SOP Instance UID; the file meta group is ignored (peers rewrite it).
A received Implicit VR file may show private elements as UN: then the raw values are compared.
Data Set Trailing Padding (FFFC,FFFC) is ignored: it is padding, and dcmtk drops it when sending.
Group lengths (gggg,0000) are ignored: retired encoding details that dcmtk and Orthanc recompute.
OW/OF/OL/OD/OV values of a big endian file are compared after swapping to little endian.
"""
import os
import sys

import pydicom


PADDING = pydicom.tag.Tag(0xFFFC, 0xFFFC)


def raw(elem):
    v = elem.value
    if isinstance(v, (bytes, bytearray)):
        return bytes(v).rstrip(b"\0 ")
    return str(v).encode("latin-1", "replace").rstrip(b"\0 ")


WORD = {"OW": 2, "OF": 4, "OL": 4, "OD": 8, "OV": 8}


def swapped(value, size):
    return b"".join(value[i:i + size][::-1] for i in range(0, len(value), size))


def same_words(ea, eb, a, b):
    size = WORD.get(ea.VR)
    if size is None or ea.VR != eb.VR or a.is_little_endian == b.is_little_endian:
        return False
    return swapped(bytes(ea.value), size) == bytes(eb.value)


def compare(a, b, path, problems):
    tags = sorted(t for t in (set(a.keys()) | set(b.keys())) if t != PADDING and t.element != 0)
    for tag in tags:
        where = f"{path}{tag}"
        if tag not in a or tag not in b:
            problems.append(f"{where}: only in {'sent' if tag in a else 'received'}")
            continue
        ea, eb = a[tag], b[tag]
        if ea.VR == "SQ" and eb.VR == "SQ":
            if len(ea.value) != len(eb.value):
                problems.append(f"{where}: {len(ea.value)} vs {len(eb.value)} items")
                continue
            for i, (ia, ib) in enumerate(zip(ea.value, eb.value)):
                compare(ia, ib, f"{where}[{i}]", problems)
        elif ea.VR != eb.VR and "UN" in (ea.VR, eb.VR):
            if raw(ea) != raw(eb) and ea.VR != "SQ" and eb.VR != "SQ":
                problems.append(f"{where}: UN value differs")
        elif ea.value != eb.value and not same_words(ea, eb, a, b):
            problems.append(f"{where}: {str(ea.value)[:60]!r} vs {str(eb.value)[:60]!r}")


def main():
    received_dir, sent = sys.argv[1], sys.argv[2:]
    received = {}
    for name in os.listdir(received_dir):
        p = os.path.join(received_dir, name)
        if os.path.isfile(p) and not name.endswith(".part"):
            ds = pydicom.dcmread(p)
            received[ds.SOPInstanceUID] = ds
    problems = []
    for f in sent:
        ds = pydicom.dcmread(f)
        got = received.get(ds.SOPInstanceUID)
        if got is None:
            problems.append(f"{f}: not received")
            continue
        before = len(problems)
        compare(ds, got, os.path.basename(f) + " ", problems)
        if len(problems) > before + 5:
            del problems[before + 5:]
    if problems:
        print("\n".join(problems))
        sys.exit(1)
    print(f"OK {len(sent)}")


main()
