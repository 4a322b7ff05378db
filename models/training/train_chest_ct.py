#!/usr/bin/python3
"""Recipe: chest-ct-lesions (UNet++ segmenting ground-glass lesions per axial slice).

Output of the ONNX model (input 512x512, the CT's own grid):
  lesions [N, 2, 512, 512]  logits; softmax/argmax: 0 background, 1 ground-glass opacity

The inference service masks the lungs, splits each slice into quadrants and calls a patient positive
when a lesion appears in the same quadrant on three consecutive slices (see patient_positive()).

usage: train_chest_ct.py [--dataset DIR] [--smoke] [--out DIR]
"""

import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nets  # noqa: E402
import radflow_data as rd  # noqa: E402
import seg_common as sc  # noqa: E402

MODEL_ID = "chest-ct-lesions"
KIND = "chest-ct"
PREPROCESSING = [
    {"op": "modalityLut"},
    {"op": "window", "center": -600, "width": 1500},
    {"op": "resize", "width": 512, "height": 512, "interpolation": "bilinear", "keepAspect": False, "padValue": 0.0},
]
CLASSES = {"ground_glass_opacity": 1}
LUNG = {"lung": 1, "ground_glass_opacity": 1}
CLASS_WEIGHTS = [1.0, 3.0]
TRAIN_SEEDS = "1000-1029"
EVAL_SEEDS = "9000-9019"
SLICES = 40
FINDINGS = 3
CROP = 256
MIN_COMPONENT_PIXELS = 20  # at the original 512² resolution


def manifest_fields():
    return {
        "id": MODEL_ID,
        "name": "Chest CT ground-glass lesions, UNet++ (demo)",
        "task": "segmentation",
        "applicability": {"modalities": ["CT"], "sopClasses": ["1.2.840.10008.5.1.4.1.1.2"],
                          "bodyParts": ["CHEST"], "minSlices": 3, "pixelSpacingMm": {"min": 0.5, "max": 1.0}},
        "input": {"name": "image", "shape": [-1, 1, 512, 512], "dtype": "float32", "layout": "NCHW"},
        "preprocessing": PREPROCESSING,
        "outputs": [{"name": "lesions", "kind": "labelmap", "activation": "softmax", "labels": [
            {"index": 1, "label": "Ground-glass opacity", "code": rd.code("112120", "DCM", "Ground glass opacity"),
             "color": [255, 140, 0], "threshold": 0.5}]}],
        "postprocessing": {"argmax": True, "minComponentPixels": MIN_COMPONENT_PIXELS},
        "batchSize": 8,
    }


CARD = {
    "intendedUse": "Per-slice segmentation of ground-glass opacities on axial chest CT for the inference service's "
                   "chest-CT lesion pipeline, which drops detections outside the lungs, splits each slice into four "
                   "quadrants and calls a patient positive only when a detection appears in the same quadrant on "
                   "three consecutive slices.",
    "data": "Synthetic chest CTs from `bin/radflow-test-studies generate --kind chest-ct --slices 40`: training seeds "
            "1000-1029 with `--findings 3` (1,200 slices, about a third with lesion pixels); held-out: `chest-ct` "
            "seeds 9000-9019 (2 lesions each) for Dice and sensitivity, `chest-ct-normal` seeds 9000-9019 for "
            "specificity. Label: the generator's ground-glass label (18); lesions are ellipsoids of -520 +/- 30 HU "
            "in lung of -850 +/- 25 HU.",
    "architecture": "UNet++ (Zhou et al. 2018: nested, densely connected skip pathways; depth 4, widths "
                    "8/16/32/64, no deep supervision) at half resolution behind a stride-2 stem, with a "
                    "full-resolution refinement (`nets.NativeResolution`) so the label map is at the CT's 512x512 "
                    "grid. Trained on 256x256 crops (half of each batch centred near a lesion). Loss: cross-entropy "
                    "(lesion weight 3) plus soft Dice on the lesion class.",
    "outputs": "`lesions` [N, 2, 512, 512]: logits, softmax, argmax; 1 = ground-glass opacity (DCM 112120). "
               "Post-processing: argmax, connected components under 20 pixels dropped; then the service's lung "
               "mask, quadrants and three-consecutive-slice rule.",
    "metricNotes": "`diceLesion` is pooled over all slices of the held-out positive series. The per-patient numbers "
                   "apply the quadrant rule with the lung mask taken from the generator's truth (lung + lesion "
                   "labels), quadrants split at the image's middle column and the truth's lung mid-height, and "
                   "components of at least 20 pixels per quadrant side.",
    "failureModes": "- Only ground-glass ellipsoids on a noisy but otherwise uniform lung: vessels, fissures, "
                    "consolidation, emphysema, motion and partial-volume effects of real CT are absent.\n"
                    "- The first and last slices of a lesion (its small tips) are the least accurate.\n"
                    "- Without the service's lung mask, bright structures at the lung border with similar HU after "
                    "windowing may be labelled.\n"
                    "- Slice thickness and kernels of real scanners are untested.",
}


def load(dataset_dir):
    manifest, items = rd.load_dataset(dataset_dir)
    images, masks = sc.load_slices(items, PREPROCESSING, rd.mask_lut(manifest, CLASSES), np.float16)
    return manifest, items, images, masks


def patient_positive(pred_slices, lung_slices, column_split, upper_of_slice, min_pixels=MIN_COMPONENT_PIXELS):
    """The per-patient rule: a lesion pixel set (inside the lungs, >= min_pixels) in the same
    quadrant on three consecutive slices. pred/lung: [S, H, W] bool, slices ordered superior first;
    column_split: columns < it are the patient's right; upper_of_slice[i]: slice i above lung mid."""
    run = {}
    for i in range(len(pred_slices)):
        p = np.logical_and(pred_slices[i], lung_slices[i])
        quadrants = set()
        for side, part in (("right", p[:, :column_split]), ("left", p[:, column_split:])):
            if part.sum() >= min_pixels:
                quadrants.add(side + ("-upper" if upper_of_slice[i] else "-lower"))
        for q in ["right-upper", "right-lower", "left-upper", "left-lower"]:
            run[q] = run.get(q, 0) + 1 if q in quadrants else 0
            if run[q] >= 3:
                return True
    return False


def evaluate(model, dataset_dir, normal_dir=None):
    """Pooled lesion Dice on the eval set; the per-patient rule on it and on lesion-free studies."""
    res = {}
    dice = sc.DiceCounter([1])
    t_ms = []
    patients = []  # (truth positive, predicted positive)
    for directory, positive in ((dataset_dir, True), (normal_dir, False)):
        if directory is None:
            continue
        manifest, items = rd.load_dataset(directory)
        images, masks = sc.load_slices(items, PREPROCESSING, rd.mask_lut(manifest, CLASSES), np.float16)
        _, lungs = sc.load_slices(items, PREPROCESSING, rd.mask_lut(manifest, LUNG), np.float16)
        series = {}
        for k, it in enumerate(items):
            series.setdefault(it["seriesInstanceUID"], []).append(k)
        with torch.no_grad():
            for uid, idx in series.items():
                idx = sorted(idx, key=lambda k: items[k]["sliceIndex"])
                preds = []
                for s in range(0, len(idx), 8):
                    b = idx[s:s + 8]
                    t0 = time.time()
                    seg = model(sc.batch(images, b))
                    t_ms.append((time.time() - t0) * 1000 / len(b))
                    pf = sc.predict(seg, masks.shape[1:])
                    if positive:
                        dice.add(pf, masks[b])
                    preds.append(pf == 1)
                preds = np.concatenate(preds)
                upper = [items[k]["upperLung"] for k in idx]
                truth_pos = bool(masks[idx].any()) if positive else False
                patients.append((truth_pos, patient_positive(preds, lungs[idx] == 1, masks.shape[2] // 2, upper)))
    res["diceLesion"] = round(dice.dice()[0], 4)
    pos = [p for t, p in patients if t]
    neg = [p for t, p in patients if not t]
    res["patientSensitivity"] = round(sum(pos) / max(len(pos), 1), 4)
    res["patientSpecificity"] = round(sum(not p for p in neg) / max(len(neg), 1), 4)
    res["patientsPositive"], res["patientsNegative"] = len(pos), len(neg)
    res["msPerSliceCpu"] = round(float(np.median(t_ms)), 1)
    return res


def main():
    args = rd.parse_args(__doc__, MODEL_ID, 300, 12, (TRAIN_SEEDS, EVAL_SEEDS, SLICES))
    extra = ["--slices", str(args.slices)]
    train_dir = args.dataset or rd.generated_dataset(KIND, rd.seeds_arg(args.train_seeds),
                                                     extra=extra + ["--findings", str(FINDINGS)])
    eval_dir = args.eval_dataset or rd.generated_dataset(KIND, rd.seeds_arg(args.eval_seeds), extra=extra)
    normal_dir = None if args.eval_dataset else rd.generated_dataset(
        "chest-ct-normal", rd.seeds_arg(args.eval_seeds), extra=extra)
    _, items, images, masks = load(train_dir)
    rd.log(f"training set {train_dir}: {len(items)} slices, {int((masks.reshape(len(items), -1).max(1) > 0).sum())}"
           " with lesions")
    h, w = rd.input_size(PREPROCESSING)
    # full-resolution pixels per model pixel (for crops of the full-resolution masks)
    f = masks.shape[1] // h
    has_lesion = np.flatnonzero(masks.reshape(len(items), -1).max(1) > 0)
    rng = np.random.default_rng(args.seed)
    model = nets.NativeResolution(nets.UNetPlusPlus(None, width=8, depth=4, in_channels=8), 2, 8)
    weights = torch.tensor(CLASS_WEIGHTS)
    crop = min(CROP, h)

    def loss_fn(m, idx):
        # half the batch: slices with lesions, crops centred near a lesion; the rest random crops
        idx = np.array(idx)
        if len(has_lesion):
            idx[: len(idx) // 2] = rng.choice(has_lesion, size=len(idx) // 2)
        xs, ts = [], []
        for n, k in enumerate(idx):
            if n < len(idx) // 2 and len(has_lesion):
                rr, cc = np.nonzero(masks[k][::f, ::f])
                j = rng.integers(len(rr))
                r0 = int(np.clip(rr[j] - rng.integers(16, crop - 16), 0, h - crop))
                c0 = int(np.clip(cc[j] - rng.integers(16, crop - 16), 0, w - crop))
            else:
                r0, c0 = int(rng.integers(0, h - crop + 1)), int(rng.integers(0, w - crop + 1))
            xs.append(images[k, :, r0:r0 + crop, c0:c0 + crop])
            ts.append(masks[k, r0 * f:(r0 + crop) * f, c0 * f:(c0 + crop) * f])
        x = torch.from_numpy(np.stack(xs).astype(np.float32))
        t = sc.targets(np.stack(ts), 2, crop, crop)
        seg = m(x)
        return nets.soft_cross_entropy(seg, t, weights) + nets.soft_dice_loss(seg, t, [1])

    seconds = sc.train(model, loss_fn, len(items), args.batch, args.steps, args.lr, args.seed)
    del images, masks
    metrics = evaluate(model, eval_dir, normal_dir)
    rd.log("held-out:", metrics)
    rd.finish(model, args, ["lesions"], manifest_fields(),
              {"trainingSeconds": round(seconds), "trainSlices": len(items), "crop": crop,
               "trainSeeds": args.train_seeds, "trainFindings": FINDINGS, "evalSeeds": args.eval_seeds,
               "slices": args.slices, "metrics": metrics},
              f"held-out synthetic chest CTs, seeds {args.eval_seeds} ({args.slices} slices, 2 lesions each; "
              "Dice pooled over all slices at the images' 512x512) and as many "
              "lesion-free chest CTs with the same seeds for the per-patient rule",
              {"seeds": args.train_seeds, "recipe": "models/training/train_chest_ct.py"}, CARD)


if __name__ == "__main__":
    main()
