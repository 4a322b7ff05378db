#!/usr/bin/env python3
"""The peer of ToolsBenchmark: seed 002's semi-automatic tools in Python with OpenCV (Debian
python3-opencv) on the same DICOM files and rectangles: the frame read with pydicom (Modality LUT),
histogram back projection of a sample rectangle (same steps and defaults as Radflow's BackProjection),
and GrabCut on the whole 512 x 512 image (as seed 002 calls it: no crop). Prints one line per operation:
peer<TAB>name<TAB>cold ms<TAB>median<TAB>p90<TAB>min."""
import json
import sys
import time

import cv2
import numpy as np
import pydicom

WARMUP, RUNS = 10, 50
a = json.load(open(sys.argv[1]))


def hu(path):
    ds = pydicom.dcmread(path)
    return ds.pixel_array.astype(np.float32) * float(getattr(ds, "RescaleSlope", 1)) + float(
        getattr(ds, "RescaleIntercept", 0))


def gray8(v, low, high):
    return np.clip((v - low) * (255.0 / (high - low)) + 0.5, 0, 255).astype(np.uint8)


def back_projection(v, sample, low, high, bins=32, threshold=0.4, smoothing=7, morphology=5):
    inside = ((v >= low) & (v <= high)).astype(np.uint8) * 255
    g = gray8(v, low, high)
    x, y, w, h = sample
    hist = cv2.calcHist([g[y:y + h, x:x + w]], [0], inside[y:y + h, x:x + w], [bins], [0, 256])
    cv2.normalize(hist, hist, 255, 0, cv2.NORM_INF)
    like = cv2.calcBackProject([g], [0], hist, [0, 256], 1)
    like[inside == 0] = 0
    like = cv2.GaussianBlur(like, (smoothing, smoothing), 0)
    sel = (like >= max(1, np.ceil(threshold * like.max()))).astype(np.uint8)
    k = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (morphology, morphology))
    sel = cv2.morphologyEx(sel, cv2.MORPH_CLOSE, k)
    sel = cv2.morphologyEx(sel, cv2.MORPH_OPEN, k)
    return sel & (inside > 0)


def grabcut(v, rect, low, high, iterations=5):
    img = cv2.cvtColor(gray8(v, low, high), cv2.COLOR_GRAY2BGR)
    mask = np.zeros(v.shape, np.uint8)
    bg, fg = np.zeros((1, 65), np.float64), np.zeros((1, 65), np.float64)
    cv2.grabCut(img, mask, tuple(rect), bg, fg, iterations, cv2.GC_INIT_WITH_RECT)
    return ((mask == cv2.GC_FGD) | (mask == cv2.GC_PR_FGD)).astype(np.uint8)


def timed(name, fn):
    t = time.perf_counter()
    fn()
    cold = (time.perf_counter() - t) * 1000
    for _ in range(WARMUP):
        fn()
    ms = []
    for _ in range(RUNS):
        t = time.perf_counter()
        fn()
        ms.append((time.perf_counter() - t) * 1000)
    ms.sort()
    print(f"peer\t{name}\t{cold:.1f}\t{ms[RUNS // 2]:.2f}\t{ms[int(np.ceil(0.9 * RUNS)) - 1]:.2f}\t{ms[0]:.2f}")


muscle = hu(a["l3"])
chest = hu(a["chest"])
timed("read frame (pydicom + Modality LUT)", lambda: hu(a["l3"]))
timed("back projection, defaults", lambda: back_projection(muscle, a["sample"], *a["muscle"]))
timed("GrabCut, lesion rect, whole image", lambda: grabcut(chest, a["box"], *a["lung"]))
timed("GrabCut, rect 432x432, whole image", lambda: grabcut(chest, [40, 40, 432, 432], *a["lung"]))
