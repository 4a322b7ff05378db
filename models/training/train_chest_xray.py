#!/usr/bin/python3
"""Recipe: chest-xray-findings (multi-label classifier + per-finding heat maps trained on the masks).

Outputs of the ONNX model:
  logits  [N, 5]            sigmoid: normal, pneumonia, tuberculosis, pneumothorax, nodule
  heatmap [N, 4, 128, 128]  logits; sigmoid = fraction of each output cell covered by the finding's
                            mask (pneumonia, tuberculosis, pneumothorax, nodule). Boxes: threshold
                            0.5, 8-connected components, each component's cells scaled to the image
                            (see heatmap_boxes()).

usage: train_chest_xray.py [--dataset DIR ...] [--smoke] [--out DIR]
"""

import os
import shutil
import sys
import time

import numpy as np
import pydicom
import torch
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nets  # noqa: E402
import radflow_data as rd  # noqa: E402
import seg_common as sc  # noqa: E402

MODEL_ID = "chest-xray-findings"
PREPROCESSING = [
    {"op": "modalityLut"},
    {"op": "window", "center": 1600, "width": 3200},
    {"op": "resize", "width": 256, "height": 256, "interpolation": "bilinear", "keepAspect": False, "padValue": 0.0},
]
CLASSES = ["normal", "pneumonia", "tuberculosis", "pneumothorax", "nodule"]
FINDINGS = CLASSES[1:]
HEAT = 128
# kind: seeds (--finding random: none, one or two findings per seed)
TRAIN = {"chest-dx-pa": "1000-1239", "chest-dx-ap": "1240-1359"}
EVAL = {"chest-dx-pa": "9000-9079", "chest-dx-ap": "9080-9119"}
HEATMAP_THRESHOLD = 0.5
MIN_AREA_CELLS = 2


class XrayNet(nn.Module):
    """Stride-2 stem, 4-level encoder (128..16), classifier on pooled deepest features plus the
    heat maps' maxima, and a U-Net decoder back to 128² for the heat maps."""

    def __init__(self, w=16):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(1, w, 3, stride=2, padding=1, bias=False), nn.BatchNorm2d(w),
                                  nn.ReLU(inplace=True))
        ch = [w, 2 * w, 4 * w, 6 * w]
        self.enc = nn.ModuleList([nets.block(w, ch[0]), nets.block(ch[0], ch[1]), nets.block(ch[1], ch[2]),
                                  nets.block(ch[2], ch[3])])
        self.up = nn.ModuleList([nn.ConvTranspose2d(ch[i + 1], ch[i], 2, stride=2) for i in range(3)])
        self.dec = nn.ModuleList([nets.block(2 * ch[i], ch[i]) for i in range(3)])
        self.heat = nn.Conv2d(ch[0], len(FINDINGS), 1)
        self.fc = nn.Linear(2 * ch[3] + len(FINDINGS), len(CLASSES))

    def forward(self, x):
        x = self.stem(x)
        skips = []
        for i, e in enumerate(self.enc):
            x = e(x if i == 0 else F.max_pool2d(x, 2))
            skips.append(x)
        deep = x
        for i in (2, 1, 0):
            x = self.dec[i](torch.cat([self.up[i](x), skips[i]], 1))
        heat = self.heat(x)
        pooled = torch.cat([deep.mean(dim=(2, 3)), deep.amax(dim=(2, 3)), heat.amax(dim=(2, 3))], 1)
        return self.fc(pooled), heat


CODES = {
    "normal": ("17621005", "Normal"), "pneumonia": ("233604007", "Pneumonia"),
    "tuberculosis": ("56717001", "Tuberculosis"), "pneumothorax": ("36118008", "Pneumothorax"),
    "nodule": ("27925004", "Nodule"),
}
COLORS = {"normal": [120, 200, 120], "pneumonia": [230, 80, 60], "tuberculosis": [200, 120, 220],
          "pneumothorax": [60, 160, 230], "nodule": [250, 200, 60]}


def label(i, name):
    v, meaning = CODES[name]
    return {"index": i, "label": meaning, "code": rd.code(v, "SCT", meaning), "color": COLORS[name], "threshold": 0.5}


def manifest_fields():
    return {
        "id": MODEL_ID,
        "name": "Chest X-ray findings with localisation (demo)",
        "task": "classification",
        "applicability": {"modalities": ["DX", "CR"], "sopClasses": ["1.2.840.10008.5.1.4.1.1.1.1"],
                          "bodyParts": ["CHEST"], "viewPositions": ["PA", "AP"], "minSlices": 1,
                          "pixelSpacingMm": {"min": 0.1, "max": 1.0}},
        "input": {"name": "image", "shape": [-1, 1, 256, 256], "dtype": "float32", "layout": "NCHW"},
        "preprocessing": PREPROCESSING,
        "outputs": [
            {"name": "logits", "kind": "classes", "activation": "sigmoid",
             "labels": [label(i, c) for i, c in enumerate(CLASSES)]},
            {"name": "heatmap", "kind": "heatmap", "activation": "sigmoid",
             "labels": [label(i, c) for i, c in enumerate(FINDINGS)]},
        ],
        "postprocessing": {"argmax": False, "minComponentPixels": 0,
                           "heatmapToBoxes": {"threshold": HEATMAP_THRESHOLD, "minAreaPixels": MIN_AREA_CELLS}},
        "batchSize": 8,
    }


CARD = {
    "intendedUse": "Chest radiograph triage demo for the inference service's chest X-ray pipeline: probabilities "
                   "for normal, pneumonia, tuberculosis, pneumothorax and nodule (multi-label), and boxes around "
                   "each finding from per-finding heat maps, shown to radiologists as regions to look at.",
    "data": "Synthetic radiographs from `bin/radflow-test-studies generate --finding random` (none, one or two "
            "distinct findings per seed, each finding on about a quarter of the films): training "
            "`chest-dx-pa` seeds 1000-1239 and `chest-dx-ap` seeds 1240-1359 (360 films); held-out "
            "`chest-dx-pa` 9000-9079 and `chest-dx-ap` 9080-9119 (120 films). Each finding has its own look "
            "in the generator (lobar consolidation, upper-zone cavitating opacities, a pneumothorax rim without "
            "lung markings behind a pleural line, a small round nodule) and an exact mask and box.",
    "architecture": "Stride-2 stem (256 -> 128), a 4-level encoder (widths 16/32/64/96, batch norm) and a U-Net "
                    "decoder back to 128x128 with a 1x1 heat-map layer (one channel per finding). The classifier "
                    "is a linear layer on the deepest features' global mean and max plus each heat map's maximum. "
                    "The heat maps are trained on the lesion masks (binary cross-entropy against the fraction of "
                    "each cell covered, plus soft Dice): a class activation map alone drifts off the lesion as the "
                    "classifier improves. Loss: classifier BCE + heat-map BCE (positive weight 4) + soft Dice. Two stages: stage 1 trains "
                    "the network (300 steps of 12); after it, the tuberculosis and nodule heat maps stayed below "
                    "0.5 (no boxes), so stage 2 fine-tunes the exported ONNX graph itself (batch norm folded into "
                    "the convolutions; `onnx_run.py`) for 100 steps with the heat-map loss weighted towards those "
                    "two findings (positive weight 16, channel weight 3), learning rate 5e-4.",
    "outputs": "`logits` [N, 5]: sigmoid; normal (SCT 17621005), pneumonia (SCT 233604007), tuberculosis (SCT "
               "56717001), pneumothorax (SCT 36118008), nodule (SCT 27925004); threshold 0.5 each. `heatmap` "
               "[N, 4, 128, 128]: sigmoid, one map per finding (pneumonia, tuberculosis, pneumothorax, nodule). "
               "Boxes (`heatmapToBoxes`): cells >= 0.5, 8-connected components of at least 2 cells, each "
               "component's cell range scaled to the image (cell c covers columns c*W/128 ... (c+1)*W/128 - 1).",
    "metricNotes": "AUC per class over the held-out films. `boxIoU50Fraction`: fraction of true findings for which "
                   "a box from the same finding's heat map has IoU >= 0.5 with the true box (inclusive pixel "
                   "boxes), whatever the classifier says.",
    "failureModes": "- The phantom's radiographs are geometric (elliptical lungs, straight ribs, uniform noise); "
                    "real films (rotation, devices, breasts, scatter, other diseases, effusions) are out of "
                    "distribution.\n"
                    "- Findings outside the lung fields or behind the heart are never generated, so never found.\n"
                    "- Nodules below about 10 mm are at the limit of the 256x256 input (1.6 mm per pixel).\n"
                    "- A pneumothorax box spans the whole rim from apex to base; a thin rim near the base may end "
                    "the predicted box early.",
}


def heatmap_loss(heat_logits, target, pos_weight):
    p = torch.sigmoid(heat_logits)
    bce = F.binary_cross_entropy_with_logits(heat_logits, target, pos_weight=pos_weight)
    dice = 1 - ((2 * (p * target).sum((0, 2, 3)) + 1) / (p.sum((0, 2, 3)) + target.sum((0, 2, 3)) + 1)).mean()
    return bce + dice


def finetune_exported(path, images, labels, heat, steps, batch, seed):
    """Stage 2: fine-tunes the exported graph itself (batch norm folded into the convolutions) with
    the heat-map loss weighted towards the small findings (tuberculosis, nodule), whose heat maps
    stay below the box threshold after stage 1; rewrites `path`."""
    from onnx_run import OnnxModel

    m = OnnxModel(path)
    opt = torch.optim.Adam(m.trainable(), lr=5e-4)
    pos_weight = torch.tensor([4.0, 16.0, 4.0, 16.0]).view(1, -1, 1, 1)
    channel_weight = torch.tensor([1.0, 3.0, 1.0, 3.0]).view(1, -1, 1, 1)
    rng = np.random.default_rng(seed + 1)
    t0 = time.time()
    for step in range(1, steps + 1):
        idx = rng.choice(len(images), size=batch, replace=False)
        logits, h = m(torch.from_numpy(images[idx]))
        t = torch.from_numpy(heat[idx])
        loss = F.binary_cross_entropy_with_logits(logits, torch.from_numpy(labels[idx])) + heatmap_loss(
            h * 1.0, t, pos_weight) + F.binary_cross_entropy_with_logits(h, t, weight=channel_weight)
        opt.zero_grad()
        loss.backward()
        opt.step()
        if step % 25 == 0 or step == steps:
            rd.log(f"stage 2 step {step}/{steps} loss {loss.item():.4f} ({time.time() - t0:.0f} s)")
    m.save(path)
    return m, time.time() - t0


def load(dataset_dirs):
    images, labels, heat, regions, meta = [], [], [], [], []
    for directory in dataset_dirs:
        manifest, items = rd.load_dataset(directory)
        for it in items:
            ds = pydicom.dcmread(it["image"])
            images.append(rd.preprocess(ds, PREPROCESSING))
            y = np.zeros(len(CLASSES), dtype=np.float32)
            for f in it.get("findings", []):
                y[CLASSES.index(f)] = 1
            y[0] = 0 if y[1:].any() else 1
            labels.append(y)
            target = np.zeros((len(FINDINGS), HEAT, HEAT), dtype=np.float32)
            if it.get("mask"):
                m = np.asarray(Image.open(it["mask"]))
                values = it.get("maskValues") or manifest.get("maskValues") or []
                for entry in values:
                    if entry["label"] in FINDINGS:
                        k = FINDINGS.index(entry["label"])
                        target[k] = np.maximum(target[k], rd.resize_area(m == entry["value"], HEAT, HEAT))
            heat.append(target)
            regions.append([(r["label"], r["box"]) for r in it.get("regions", [])])
            meta.append((ds.Rows, ds.Columns, it.get("viewPosition")))
    return np.stack(images)[:, None], np.stack(labels), np.stack(heat), regions, meta


def heatmap_boxes(prob, rows, columns, threshold=HEATMAP_THRESHOLD, min_cells=MIN_AREA_CELLS):
    """Boxes [columnMin, rowMin, columnMax, rowMax] (image pixels, inclusive) of the 8-connected
    components of prob >= threshold with at least min_cells cells; a component covering cells
    c0..c1 × r0..r1 becomes columns floor(c0·sx) .. ceil((c1+1)·sx)-1 with sx = columns / width."""
    h, w = prob.shape
    on = prob >= threshold
    seen = np.zeros_like(on)
    boxes = []
    sx, sy = columns / w, rows / h
    for r in range(h):
        for c in range(w):
            if on[r, c] and not seen[r, c]:
                stack = [(r, c)]
                seen[r, c] = True
                cells = []
                while stack:
                    y, x = stack.pop()
                    cells.append((y, x))
                    for dy in (-1, 0, 1):
                        for dx in (-1, 0, 1):
                            yy, xx = y + dy, x + dx
                            if 0 <= yy < h and 0 <= xx < w and on[yy, xx] and not seen[yy, xx]:
                                seen[yy, xx] = True
                                stack.append((yy, xx))
                if len(cells) >= min_cells:
                    ys = [p[0] for p in cells]
                    xs = [p[1] for p in cells]
                    score = float(max(prob[p] for p in cells))
                    boxes.append(([int(np.floor(min(xs) * sx)), int(np.floor(min(ys) * sy)),
                                   int(np.ceil((max(xs) + 1) * sx)) - 1, int(np.ceil((max(ys) + 1) * sy)) - 1], score))
    return boxes


def iou(a, b):
    """IoU of inclusive pixel boxes [c0, r0, c1, r1]."""
    iw = min(a[2], b[2]) - max(a[0], b[0]) + 1
    ih = min(a[3], b[3]) - max(a[1], b[1]) + 1
    if iw <= 0 or ih <= 0:
        return 0.0
    inter = iw * ih
    area = lambda x: (x[2] - x[0] + 1) * (x[3] - x[1] + 1)  # noqa: E731
    return inter / (area(a) + area(b) - inter)


def auc(scores, truth):
    """Area under the ROC curve (Mann-Whitney, ties count half)."""
    pos = scores[truth > 0]
    neg = scores[truth == 0]
    if len(pos) == 0 or len(neg) == 0:
        return float("nan")
    greater = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return float(greater / (len(pos) * len(neg)))


def evaluate(model, dataset_dirs):
    images, labels, _, regions, meta = load(dataset_dirs)
    probs, heats, t_ms = [], [], []
    with torch.no_grad():
        for s in range(0, len(images), 8):
            t0 = time.time()
            logits, heat = model(torch.from_numpy(images[s:s + 8]))
            t_ms.append((time.time() - t0) * 1000 / len(images[s:s + 8]))
            probs.append(torch.sigmoid(logits).numpy())
            heats.append(torch.sigmoid(heat).numpy())
    probs, heats = np.concatenate(probs), np.concatenate(heats)
    res = {}
    for k, c in enumerate(CLASSES):
        res["auc" + c.capitalize()] = round(auc(probs[:, k], labels[:, k]), 4)
    hits, total, per = 0, 0, {f: [0, 0] for f in FINDINGS}
    for n, regs in enumerate(regions):
        rows, cols, _ = meta[n]
        for label, box in regs:
            k = FINDINGS.index(label)
            pred = heatmap_boxes(heats[n, k], rows, cols)
            best = max([iou(box, p) for p, _ in pred], default=0.0)
            ok = best >= 0.5
            hits += ok
            total += 1
            per[label][0] += ok
            per[label][1] += 1
    res["boxIoU50Fraction"] = round(hits / max(total, 1), 4)
    for f in FINDINGS:
        res["boxIoU50" + f.capitalize()] = round(per[f][0] / max(per[f][1], 1), 4)
    res["positives"] = total
    res["images"] = len(images)
    res["msPerImageCpu"] = round(float(np.median(t_ms)), 1)
    return res


def datasets(spec, extra=("--finding", "random")):
    return [rd.generated_dataset(kind, rd.seeds_arg(seeds), extra=list(extra)) for kind, seeds in spec.items()]


def main():
    args = rd.parse_args(__doc__, MODEL_ID, 300, 12, repeatable=True, more=lambda ap: (
        ap.add_argument("--stage2-steps", type=int, default=100, help="fine-tuning steps on the exported graph"),
        ap.add_argument("--from-stage1", help="skip stage 1: start stage 2 from this exported model.onnx")))
    train_spec, eval_spec = TRAIN, EVAL
    if args.smoke:
        train_spec, eval_spec = {"chest-dx-pa": "1000-1003"}, {"chest-dx-ap": "9080-9081"}
    train_dirs = args.dataset or datasets(train_spec)
    eval_dirs = args.eval_dataset or datasets(eval_spec)
    images, labels, heat, _, _ = load(train_dirs)
    rd.log(f"training set: {len(images)} images, positives per class {labels.sum(0).astype(int).tolist()}")
    model = XrayNet()
    pos_weight = torch.tensor([4.0] * len(FINDINGS)).view(1, -1, 1, 1)
    rng = np.random.default_rng(args.seed)

    def loss_fn(m, idx):
        x = torch.from_numpy(images[idx])
        y = torch.from_numpy(labels[idx])
        t = torch.from_numpy(heat[idx])
        if rng.random() < 0.5:  # no left-right flip: sides are part of the truth; brightness jitter only
            x = torch.clamp(x * float(rng.uniform(0.9, 1.1)), 0, 1)
        logits, h = m(x)
        cls = F.binary_cross_entropy_with_logits(logits, y)
        hm = F.binary_cross_entropy_with_logits(h, t, pos_weight=pos_weight)
        p = torch.sigmoid(h)
        dice = 1 - ((2 * (p * t).sum((0, 2, 3)) + 1) / (p.sum((0, 2, 3)) + t.sum((0, 2, 3)) + 1)).mean()
        return cls + hm + dice

    path = os.path.join(args.out, "model.onnx")
    os.makedirs(args.out, exist_ok=True)
    seconds = 0
    if args.from_stage1:  # stage 1 already done: continue from its exported graph
        if os.path.abspath(args.from_stage1) != os.path.abspath(path):
            shutil.copyfile(args.from_stage1, path)
    else:
        seconds = sc.train(model, loss_fn, len(images), args.batch, args.steps, args.lr, args.seed)
        rd.export_onnx(model, torch.zeros(1, 1, 256, 256), path, "image", ["logits", "heatmap"])
    stage2 = 3 if args.smoke else args.stage2_steps
    final, seconds2 = finetune_exported(path, images, labels, heat, stage2, args.batch, args.seed)
    del images, heat
    metrics = evaluate(final, eval_dirs)
    rd.log("held-out:", metrics)
    spec = ", ".join(f"{k} seeds {v}" for k, v in eval_spec.items())
    rd.finish(None, args, ["logits", "heatmap"], manifest_fields(),
              {"trainingSeconds": round(seconds + seconds2), "stage1Seconds": round(seconds),
               "stage2Steps": stage2, "stage2Seconds": round(seconds2),
               "parameters": rd.parameter_count(model), "trainImages": int(len(labels)), "train": train_spec,
               "eval": eval_spec, "metrics": metrics},
              f"held-out synthetic chest radiographs ({spec}; --finding random), boxes from the heat maps",
              {"seeds": ", ".join(f"{k} {v}" for k, v in train_spec.items()),
               "recipe": "models/training/train_chest_xray.py"}, CARD)


if __name__ == "__main__":
    main()
