#!/usr/bin/python3
"""Decodes a multipart body with requests_toolbelt's MultipartDecoder, for MultipartInteropTest.

usage: /usr/bin/python3 toolbelt-decode.py BODY_FILE CONTENT_TYPE
Prints one JSON line per part: {"headers": {name: value}, "md5": hex, "len": n}.
"""
import hashlib
import json
import sys

from requests_toolbelt.multipart.decoder import MultipartDecoder

with open(sys.argv[1], "rb") as f:
    body = f.read()
for part in MultipartDecoder(body, sys.argv[2]).parts:
    headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in part.headers.items()}
    print(json.dumps({"headers": headers, "md5": hashlib.md5(part.content).hexdigest(), "len": len(part.content)}))
