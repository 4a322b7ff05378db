#!/usr/bin/python3
"""pydicom's DICOM JSON (Dataset.to_json_dict) of DICOM files (and of DICOM JSON files read with
Dataset.from_json), for DicomJsonInteropTest.

usage: /usr/bin/python3 pydicom-json.py OUT.jsonl FILE...
One line per file: {"file", "ts", "json", "dropped"} or {"file", "error"}; "dropped" lists the
tags pydicom could not convert (suppress_invalid_tags=True leaves them out of "json").
"""
import json
import sys
import warnings

import pydicom

warnings.simplefilter("ignore")
# pydicom logs every inline element at INFO; keep stderr quiet
import logging
logging.getLogger("pydicom").setLevel(logging.ERROR)


def main():
    with open(sys.argv[1], "w", encoding="utf-8") as out:
        for name in sys.argv[2:]:
            rec = {"file": name}
            try:
                if name.endswith(".json"):  # DICOM JSON test files: pydicom's reading of them
                    with open(name, encoding="utf-8") as f:
                        ds = pydicom.Dataset.from_json(f.read())
                else:
                    ds = pydicom.dcmread(name, force=True)
                ts = getattr(getattr(ds, "file_meta", None), "TransferSyntaxUID", None)
                rec["ts"] = str(ts) if ts else None
                j = ds.to_json_dict(suppress_invalid_tags=True)
                rec["json"] = j
                rec["dropped"] = ["%08X" % t for t in ds.keys() if ("%08X" % t) not in j]
            except Exception as e:  # noqa: BLE001 - reported to the test
                rec = {"file": name, "error": repr(e)}
            out.write(json.dumps(rec, default=str) + "\n")


main()
