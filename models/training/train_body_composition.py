#!/usr/bin/python3
"""Recipe: abdominal-ct-body-composition (U-Net, 4 tissue classes + a vertebral-level head for L3).

Outputs of the ONNX model (input: the CT resized to 256x256):
  tissues [N, 4, 256, 256]  logits; softmax/argmax: 0 background, 1 skeletal muscle,
                            2 subcutaneous fat, 3 visceral fat
  level   [N, 8]            logits per slice; softmax over LEVELS below; the L3 slice of a series is
                            found from all its slices with find_l3() (documented in the manifest, "l3")

usage: train_body_composition.py [--dataset DIR] [--smoke] [--out DIR]
"""

import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nets  # noqa: E402
import radflow_data as rd  # noqa: E402
import seg_common as sc  # noqa: E402

MODEL_ID = "abdominal-ct-body-composition"
KIND = "abdominal-ct"
PREPROCESSING = [
    {"op": "modalityLut"},
    {"op": "window", "center": 40, "width": 400},
    {"op": "resize", "width": 256, "height": 256, "interpolation": "bilinear", "keepAspect": False, "padValue": 0.0},
]
CLASSES = {"skeletal_muscle": 1, "subcutaneous_fat": 2, "visceral_fat": 3}
CLASS_WEIGHTS = [0.5, 2.0, 1.0, 1.5]
# Vertebral level classes, superior to inferior after "disc".
LEVELS = ["disc", "thoracic", "L1", "L2", "L3", "L4", "L5", "sacrum"]
L3 = LEVELS.index("L3")
TRAIN_SEEDS = "1000-1039"
EVAL_SEEDS = "9000-9019"
SLICES = 40


LEVEL_LABELS = [
    ("disc", "Intervertebral disc"), ("thoracic", "Thoracic vertebra"), ("L1", "First lumbar vertebra"),
    ("L2", "Second lumbar vertebra"), ("L3", "Third lumbar vertebra"), ("L4", "Fourth lumbar vertebra"),
    ("L5", "Fifth lumbar vertebra"), ("sacrum", "Sacrum"),
]


def manifest_fields():
    """Manifest fields of this model besides metrics and training (see models/README.md and models/manifest.schema.json)."""
    return {
        "id": MODEL_ID,
        "name": "Abdominal CT body composition with L3 finder (demo)",
        "task": "segmentation",
        "applicability": {"modalities": ["CT"], "sopClasses": ["1.2.840.10008.5.1.4.1.1.2"],
                          "bodyParts": ["ABDOMEN"], "minSlices": 1, "pixelSpacingMm": {"min": 0.5, "max": 1.0}},
        "input": {"name": "image", "shape": [-1, 1, 256, 256], "dtype": "float32", "layout": "NCHW"},
        "preprocessing": PREPROCESSING,
        "outputs": [
            {"name": "tissues", "kind": "labelmap", "activation": "softmax", "labels": [
                {"index": 1, "label": "Skeletal muscle", "code": rd.code("127954009", "SCT", "Skeletal muscle"),
                 "color": [220, 60, 60], "threshold": 0.5},
                {"index": 2, "label": "Subcutaneous fat",
                 "code": rd.code("67769002", "SCT", "Subcutaneous adipose tissue"),
                 "color": [250, 210, 80], "threshold": 0.5},
                {"index": 3, "label": "Visceral fat", "code": rd.code("VAT", "99RADFLOW", "Visceral adipose tissue"),
                 "color": [90, 200, 120], "threshold": 0.5}]},
            {"name": "level", "kind": "classes", "activation": "softmax", "labels": [
                {"index": i, "label": name, "code": rd.code(name.upper(), "99RADFLOW", meaning),
                 "color": [60 + 24 * i, 120, 220 - 20 * i], "threshold": 0.5}
                for i, (name, meaning) in enumerate(LEVEL_LABELS)]},
        ],
        "postprocessing": {"argmax": True, "minComponentPixels": 0},
        "l3": {
            "output": "level",
            "method": "vertebralBodyRuns",
            "discIndex": 0,
            "l3Index": L3,
            "levelOrder": list(range(1, len(LEVELS))),
            "bodyThreshold": 0.5,
            "code": rd.code("L3", "99RADFLOW", "Third lumbar vertebra"),
            "description": "Sort the series' slices by position along the normal (superior first). A slice shows a "
                           "vertebral body when 1 - p(disc) >= bodyThreshold; consecutive body slices form runs "
                           "(one per vertebra). For each run j, s_j(c) = mean over its slices of ln p(c) (p "
                           "clipped to >= 1e-6). For each candidate run k, give run j the level "
                           "levelOrder[clamp(index of L3 in levelOrder + j - k, 0, len-1)] and score(k) = "
                           "sum_j s_j(level); the best k (first on ties) is L3 and the L3 slice is run k's slice "
                           "floor((first + last) / 2). No run: no L3.",
        },
        "batchSize": 8,
    }


CARD = {
    "intendedUse": "Automatic pre-labels of skeletal muscle, subcutaneous fat and visceral fat on axial abdominal "
                   "CT slices, which annotators then correct in the labeling frontend, and an automatic pick of the "
                   "mid-L3 slice for the body-composition (sarcopenia) workflow of the quantification service. "
                   "Intermuscular fat is not an output: it is measured by HU (-190...-30) inside the muscle label.",
    "data": "Synthetic abdominal CTs from `bin/radflow-test-studies generate --kind abdominal-ct --slices 40`: "
            "training seeds 1000-1039 (1,600 slices of series 1), held-out seeds 9000-9019. Labels come from the "
            "generator's exact label maps: skeletal muscle = abdominal wall, psoas and paraspinal muscle "
            "(labels 3, 4, 5), subcutaneous fat (2), visceral fat (6); the vertebral level of each slice "
            "(`L3`, `L3-L4` disc, ...) from the ground truth.",
    "architecture": "A U-Net (4 levels, widths 8/16/32/64, batch norm, transposed-convolution upsampling) on the "
                    "slice resized to 256x256; trained against soft targets (the fraction of each class in every "
                    "2x2 block of the 512x512 truth), so bilinearly upsampled logits put boundaries between "
                    "pixels. A level head on the bottleneck (conv, global mean, linear) "
                    "classifies each slice as disc, thoracic, L1-L5 or sacrum. Loss: class-weighted cross-entropy "
                    "(0.5, 2, 1, 1.5) plus soft Dice over the three tissues (plain cross-entropy lets organs with "
                    "muscle HU take over), plus 0.5 x level cross-entropy.",
    "outputs": "`tissues` [N, 4, 256, 256]: logits; upsample them bilinearly (half-pixel centres) to the image's "
               "grid, then argmax (nearest-neighbour upsampling of the 256x256 argmax loses about 1.5 points of "
               "muscle Dice); 0 background, 1 skeletal muscle (SCT "
               "127954009), 2 subcutaneous fat (SCT 67769002), 3 visceral fat (99RADFLOW VAT). `level` [N, 8]: "
               "logits, softmax over disc, thoracic, L1, L2, L3, L4, L5, sacrum. The L3 slice of a series comes "
               "from all its slices' `level` outputs by the rule in the manifest's `l3` field (vertebral-body "
               "runs: consecutive slices with p(disc) < 0.5 form one vertebra; the run whose anatomical labelling "
               "L1..L5 best fits the level probabilities is L3; its middle slice is the L3 slice).",
    "metricNotes": "Dice is pooled over all slices of the held-out series at 512x512: `dice...` with logits "
                   "upsampled bilinearly, then argmax; `diceNearest...` with the 256x256 argmax upsampled by "
                   "nearest neighbour. `l3WithinOneSlice`: fraction of held-out "
                   "series whose predicted L3 slice is within one slice of the truth's mid-L3 slice.",
    "failureModes": "- Muscle Dice is only just above 0.95: most errors are one-pixel boundary errors of the thin "
                    "abdominal wall at 256x256 (fat compartments are thicker). A full-resolution refinement "
                    "(`nets.NativeResolution`, used by the chest CT model) should add margin; not trained yet.\n"
                    "- Real anatomy: organs, muscles and fat are ellipses with Gaussian noise in the phantom; real "
                    "CTs (contrast, beam hardening, metal, oedema, fatty muscle infiltration) are out of "
                    "distribution.\n"
                    "- Muscle versus organs with the same HU (liver, spleen, bowel wall) is decided by position only; "
                    "unusual positions (hernias, situs, post-operative anatomy) will be mislabelled.\n"
                    "- The L3 rule needs the series to contain the whole L3 body and its neighbours; a series that "
                    "starts or ends inside L3, transitional vertebrae (6 lumbar vertebrae, sacralised L5) or "
                    "scoliosis break it. Slices must be sorted by position first.\n"
                    "- Fields of view or slice orientations other than axial 360-400 mm are untested.",
}


def level_class(level):
    if "-" in level:
        return 0
    if level.startswith("L"):
        return LEVELS.index(level)
    return 7 if level.startswith("S") else 1


def find_l3(probs, body_threshold=0.5):
    """Index of the mid-L3 slice from level probabilities [S, 8] of slices ordered superior first.

    1. A slice shows a vertebral body when 1 - p(disc) >= body_threshold; consecutive body slices
       form runs (one run per vertebra).
    2. Each run j gets s_j(c) = mean over its slices of log p(c).
    3. For each run k taken as L3, the runs above and below get the levels in anatomical order
       (run k-1 = L2, k-2 = L1, further up "thoracic"; k+1 = L4, k+2 = L5, further down "sacrum");
       score(k) = sum_j s_j(level of j). The best k is L3.
    4. The L3 slice is run k's middle slice, floor((first + last) / 2). None when no run.
    """
    body = probs[:, 0] < 1 - body_threshold
    runs = []
    for i, b in enumerate(body):
        if b and runs and runs[-1][1] == i - 1:
            runs[-1][1] = i
        elif b:
            runs.append([i, i])
    if not runs:
        return None
    logp = np.log(np.clip(probs, 1e-6, 1.0))
    s = np.array([logp[a:b + 1].mean(0) for a, b in runs])
    best, best_score = 0, -np.inf
    for k in range(len(runs)):
        score = sum(s[j, min(max(L3 + j - k, 1), 7)] for j in range(len(runs)))
        if score > best_score:
            best, best_score = k, score
    a, b = runs[best]
    return (a + b) // 2


def load(dataset_dir):
    manifest, items = rd.load_dataset(dataset_dir)
    lut = rd.mask_lut(manifest, CLASSES)
    images, masks = sc.load_slices(items, PREPROCESSING, lut)
    levels = np.array([level_class(it["vertebralLevel"]) if "vertebralLevel" in it else -1 for it in items])
    return items, images, masks, levels


def evaluate(model, dataset_dir):
    items, images, masks, _ = load(dataset_dir)
    full = masks.shape[1:]
    dice = sc.DiceCounter([1, 2, 3])
    dice_nearest = sc.DiceCounter([1, 2, 3])
    l3_hits, l3_total, errors = 0, 0, []
    t_ms = []
    series = {}
    for k, it in enumerate(items):
        series.setdefault(it["seriesInstanceUID"], []).append(k)
    with torch.no_grad():
        for uid, idx in series.items():
            idx = sorted(idx, key=lambda k: items[k]["sliceIndex"])
            probs = []
            for s in range(0, len(idx), 8):
                b = idx[s:s + 8]
                t0 = time.time()
                seg, lev = model(sc.batch(images, b))
                t_ms.append((time.time() - t0) * 1000 / len(b))
                dice.add(sc.predict(seg, full), masks[b])
                dice_nearest.add(sc.predict_nearest(seg, full), masks[b])
                probs.append(torch.softmax(lev, 1).numpy())
            probs = np.concatenate(probs)
            truth = [n for n, k in enumerate(idx) if items[k].get("l3")]
            if truth:
                pred = find_l3(probs)
                l3_total += 1
                err = None if pred is None else pred - truth[0]
                errors.append(err)
                l3_hits += err is not None and abs(err) <= 1
    df, dn = dice.dice(), dice_nearest.dice()
    return {
        "diceSkeletalMuscle": round(df[0], 4), "diceSubcutaneousFat": round(df[1], 4),
        "diceVisceralFat": round(df[2], 4),
        "diceNearestSkeletalMuscle": round(dn[0], 4), "diceNearestSubcutaneousFat": round(dn[1], 4),
        "diceNearestVisceralFat": round(dn[2], 4),
        "l3WithinOneSlice": round(l3_hits / max(l3_total, 1), 4), "l3Studies": l3_total,
        "l3Errors": errors, "msPerSliceCpu": round(float(np.median(t_ms)), 1),
    }


def main():
    args = rd.parse_args(__doc__, MODEL_ID, 240, 6, (TRAIN_SEEDS, EVAL_SEEDS, SLICES))
    extra = ["--slices", str(args.slices)]
    train_dir = args.dataset or rd.generated_dataset(KIND, rd.seeds_arg(args.train_seeds), extra=extra)
    eval_dir = args.eval_dataset or rd.generated_dataset(KIND, rd.seeds_arg(args.eval_seeds), extra=extra)
    items, images, masks, levels = load(train_dir)
    rd.log(f"training set {train_dir}: {len(items)} slices")
    h, w = rd.input_size(PREPROCESSING)
    model = nets.UNet(4, width=8, head=len(LEVELS))
    weights = torch.tensor(CLASS_WEIGHTS)

    def loss_fn(m, idx):
        x = sc.batch(images, idx)
        t = sc.targets(masks[idx], 4, h, w)
        seg, lev = m(x)
        loss = nets.soft_cross_entropy(seg, t, weights) + nets.soft_dice_loss(seg, t, [1, 2, 3])
        lv = torch.from_numpy(levels[idx])
        if (lv >= 0).any():
            loss = loss + 0.5 * F.cross_entropy(lev[lv >= 0], lv[lv >= 0])
        return loss

    seconds = sc.train(model, loss_fn, len(items), args.batch, args.steps, args.lr, args.seed)
    del images, masks
    metrics = evaluate(model, eval_dir)
    rd.log("held-out:", metrics)
    rd.finish(model, args, ["tissues", "level"], manifest_fields(),
              {"trainingSeconds": round(seconds), "trainSlices": len(items), "trainSeeds": args.train_seeds,
               "evalSeeds": args.eval_seeds, "slices": args.slices, "metrics": metrics},
              f"held-out synthetic abdominal CTs, seeds {args.eval_seeds}, {args.slices} slices each "
              "(Dice pooled over all slices at 512x512, logits upsampled bilinearly)",
              {"seeds": args.train_seeds, "recipe": "models/training/train_body_composition.py"}, CARD)


if __name__ == "__main__":
    main()
