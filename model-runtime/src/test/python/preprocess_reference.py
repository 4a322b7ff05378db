"""numpy reference of model-runtime's preprocessing (models/README.md, "Preprocessing").

usage: preprocess_reference.py CASES.json

CASES.json: a list of {"source": S, "steps": [manifest steps], "input": {"shape": [...], "layout": L},
"out": path}. S is {"dicom": path} (read with pydicom) or {"raw": path of float64 stored values,
"width", "height", "slope", "intercept", "rowSpacing", "columnSpacing", "monochrome1"}.
Writes the preprocessed frame (one batch item, float32 little endian) to "out", and prints one JSON
line per case with the largest difference between this reference's resize and torch's interpolate.
"""
import json
import math
import sys

import numpy as np
import torch


def to8(x):
    return np.floor(np.clip(x, 0.0, 1.0) * 255.0 + 0.5).astype(np.uint8)


def equalize_hist(q):
    """cv::equalizeHist: LUT of the cumulative histogram from the first non-empty bin."""
    hist = np.bincount(q.ravel(), minlength=256)
    total = q.size
    first = int(np.flatnonzero(hist)[0])
    if hist[first] == total:
        return np.full_like(q, first)
    scale = np.float32(255.0) / np.float32(total - hist[first])
    cum = np.cumsum(hist)
    lut = np.zeros(256, np.uint8)
    j = np.arange(first + 1, 256)
    lut[j] = np.clip(np.rint((cum[j] - cum[first]).astype(np.float32) * scale), 0, 255).astype(np.uint8)
    return lut[q]


def clahe(q, clip, grid):
    import cv2  # python3-opencv; the Java test asks for this case only when cv2 imports
    return cv2.createCLAHE(clipLimit=clip, tileGridSize=(grid, grid)).apply(q)


def bilinear_weights(n_in, n_out):
    s = np.maximum(0.0, (np.arange(n_out) + 0.5) * (n_in / n_out) - 0.5)
    i0 = np.minimum(np.floor(s).astype(np.int64), n_in - 1)
    i1 = np.minimum(i0 + 1, n_in - 1)
    return i0, i1, s - i0


def resize(img, nw, nh, mode):
    h, w = img.shape
    if (nw, nh) == (w, h):
        return img.copy()
    if mode == "nearest":
        xs = np.minimum(np.arange(nw) * w // nw, w - 1)
        ys = np.minimum(np.arange(nh) * h // nh, h - 1)
        return img[ys][:, xs]
    x0, x1, lx = bilinear_weights(w, nw)
    rows = (1 - lx) * img[:, x0] + lx * img[:, x1]
    y0, y1, ly = bilinear_weights(h, nh)
    return (1 - ly)[:, None] * rows[y0] + ly[:, None] * rows[y1]


def torch_resize(img, nw, nh, mode):
    t = torch.from_numpy(img.astype(np.float32))[None, None]
    if mode == "nearest":
        r = torch.nn.functional.interpolate(t, size=(nh, nw), mode="nearest")
    else:
        r = torch.nn.functional.interpolate(t, size=(nh, nw), mode="bilinear", align_corners=False)
    return r[0, 0].numpy().astype(np.float64)


def rnd(v):
    return int(math.floor(v + 0.5))


def load(src):
    if "dicom" in src:
        import pydicom
        ds = pydicom.dcmread(src["dicom"])
        x = ds.pixel_array.astype(np.float64)
        spacing = [float(v) for v in ds.get("PixelSpacing", ds.get("ImagerPixelSpacing", [math.nan, math.nan]))]
        return (x, float(ds.get("RescaleSlope", 1) or 1), float(ds.get("RescaleIntercept", 0)),
                spacing[0], spacing[1], ds.PhotometricInterpretation == "MONOCHROME1")
    x = np.fromfile(src["raw"], dtype="<f8").reshape(src["height"], src["width"])
    return (x, src.get("slope", 1.0), src.get("intercept", 0.0), src.get("rowSpacing", math.nan),
            src.get("columnSpacing", math.nan), src.get("monochrome1", False))


def preprocess(case):
    x, slope, intercept, row_sp, col_sp, mono1 = load(case["source"])
    scale_x = scale_y = 1.0
    torch_diff = 0.0
    for s in case["steps"]:
        op = s["op"]
        if op == "modalityLut":
            x = x * slope + intercept
        elif op == "window":
            c, w = s["center"], s["width"]
            x = np.clip((x - (c - w / 2)) / w, 0.0, 1.0)
            x = 1 - x if mono1 else x
        elif op == "normalizeRange":
            mn, mx = x.min(), x.max()
            x = (x - mn) / (mx - mn) if mx > mn else np.zeros_like(x)
            x = 1 - x if mono1 else x
        elif op == "histogramEqualization":
            x = equalize_hist(to8(x)) / 255.0
        elif op == "clahe":
            x = clahe(to8(x), s.get("clipLimit", 2.0), s.get("tileGrid", 8)) / 255.0
        elif op == "resample":
            h, w = x.shape
            nw = max(1, rnd(w * (col_sp / scale_x) / s["pixelSpacingMm"]))
            nh = max(1, rnd(h * (row_sp / scale_y) / s["pixelSpacingMm"]))
            mode = s.get("interpolation", "bilinear")
            r = resize(x, nw, nh, mode)
            torch_diff = max(torch_diff, float(np.abs(r - torch_resize(x, nw, nh, mode)).max()))
            scale_x, scale_y, x = scale_x * nw / w, scale_y * nh / h, r
        elif op == "resize":
            h, w = x.shape
            W, H = s["width"], s["height"]
            mode = s.get("interpolation", "bilinear")
            if s.get("keepAspect", False):
                k = min(W / w, H / h)
                nw, nh = min(W, max(1, rnd(w * k))), min(H, max(1, rnd(h * k)))
                inner = resize(x, nw, nh, mode)
                torch_diff = max(torch_diff, float(np.abs(inner - torch_resize(x, nw, nh, mode)).max()))
                ox, oy = (W - nw) // 2, (H - nh) // 2
                r = np.full((H, W), float(s.get("padValue", 0.0)))
                r[oy:oy + nh, ox:ox + nw] = inner
            else:
                nw, nh = W, H
                r = resize(x, W, H, mode)
                torch_diff = max(torch_diff, float(np.abs(r - torch_resize(x, W, H, mode)).max()))
            scale_x, scale_y, x = scale_x * nw / w, scale_y * nh / h, r
        elif op == "scale":
            x = x * s.get("factor", 1.0) + s.get("offset", 0.0)
        else:
            raise ValueError("unknown op " + op)
    shape, layout = case["input"]["shape"], case["input"]["layout"]
    channels = shape[1] if layout == "NCHW" else shape[3]
    t = np.repeat(x[None], channels, axis=0) if layout == "NCHW" else np.repeat(x[:, :, None], channels, axis=2)
    t.astype("<f4").tofile(case["out"])
    return torch_diff


for case in json.load(open(sys.argv[1])):
    print(json.dumps({"out": case["out"], "torchDiff": preprocess(case)}))
