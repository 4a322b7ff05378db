"""Shared data code of the Radflow demo-model recipes.

Every recipe reads a *training set* in the format the labeling service exports (see README.md,
"Training-set format"): ``DIR/dataset.json`` listing DICOM images, PNG masks and per-image
attributes. Synthetic studies from ``bin/radflow-test-studies`` are first converted to that format
(:func:`generated_dataset`), so synthetic and exported data take the same code path.

Pixels go through exactly the preprocessing a model's manifest declares (:func:`preprocess`), the
same chain the Java ``model-runtime`` applies at inference time.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile

import numpy as np
import pydicom
import torch
import torch.nn.functional as F
from PIL import Image

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CLI = os.path.join(ROOT, "bin", "radflow-test-studies")
DEFAULT_CACHE = os.environ.get("RADFLOW_TRAINING_CACHE", os.path.join(ROOT, "models", "training", ".cache"))
FORMAT = "radflow-training-set"


def setup(seed):
    """Fixed seeds and the thread count of this 2-core machine."""
    torch.set_num_threads(int(os.environ.get("RADFLOW_THREADS", "2")))
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def parse_args(doc, model_id, steps, batch, ct_seeds=None, repeatable=False, more=None):
    """The options every recipe has; ct_seeds = (train, eval, slices) adds --train-seeds,
    --eval-seeds and --slices. Sets up seeds and threads; args.out is the model folder."""
    ap = argparse.ArgumentParser(description=doc.split("\n")[0])
    act = "append" if repeatable else "store"
    rep = " (repeatable)" if repeatable else ""
    ap.add_argument("--dataset", action=act, help="training set directory" + rep + "; default: generated studies")
    ap.add_argument("--eval-dataset", action=act, help="evaluation set directory" + rep + "; default: generated")
    if ct_seeds:
        ap.add_argument("--train-seeds", default=ct_seeds[0])
        ap.add_argument("--eval-seeds", default=ct_seeds[1])
        ap.add_argument("--slices", type=int, default=ct_seeds[2])
    ap.add_argument("--steps", type=int, default=steps)
    ap.add_argument("--batch", type=int, default=batch)
    ap.add_argument("--lr", type=float, default=3e-3)
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--smoke", action="store_true", help="3 steps on tiny data, output to a temp folder (CI)")
    ap.add_argument("--out", help=f"model folder (default models/{model_id})")
    if more:
        more(ap)
    args = ap.parse_args()
    if args.smoke:
        args.steps, args.batch = 3, 2
        args.out = args.out or tempfile.mkdtemp(prefix=f"smoke-{model_id}-")
        if ct_seeds:
            args.train_seeds, args.eval_seeds, args.slices = "1000", "9000", 12
    args.out = args.out or os.path.join(ROOT, "models", model_id)
    setup(args.seed)
    return args


def log(*args):
    print(*args, flush=True)


# ---------------------------------------------------------------- preprocessing (manifest ops)

def preprocess(ds, steps):
    """Applies a manifest's preprocessing chain to a DICOM frame; returns float32 [H, W].

    Ops (names and semantics as in the manifest):
      modalityLut    stored * RescaleSlope + RescaleIntercept (1 and 0 when absent)
      window         clip((x - (center - width / 2)) / width, 0, 1)
      normalizeRange (x - min) / (max - min) over the frame (0 when max == min)
      resize         torch.nn.functional.interpolate, bilinear, align_corners=False, no antialias
                     (half-pixel centres); "nearest" also accepted
      scale          x * factor + offset
    """
    x = ds.pixel_array.astype(np.float32)
    for step in steps:
        op = step["op"]
        if op == "modalityLut":
            x = x * float(getattr(ds, "RescaleSlope", 1) or 1) + float(getattr(ds, "RescaleIntercept", 0) or 0)
        elif op == "window":
            lo = step["center"] - step["width"] / 2.0
            x = np.clip((x - lo) / step["width"], 0.0, 1.0)
        elif op == "normalizeRange":
            lo, hi = float(x.min()), float(x.max())
            x = (x - lo) / (hi - lo) if hi > lo else np.zeros_like(x)
        elif op == "resize":
            if step.get("keepAspect", False):
                raise ValueError("keepAspect resize not used by the demo recipes")
            x = resize(x, step["height"], step["width"], step.get("interpolation", "bilinear"))
        elif op == "scale":
            x = x * step.get("factor", 1.0) + step.get("offset", 0.0)
        else:
            raise ValueError("preprocessing op not supported by the recipes: " + op)
    return x.astype(np.float32)


def resize(x, h, w, interpolation="bilinear"):
    if x.shape == (h, w):
        return x
    t = torch.from_numpy(np.ascontiguousarray(x, dtype=np.float32))[None, None]
    if interpolation == "bilinear":
        t = F.interpolate(t, size=(h, w), mode="bilinear", align_corners=False)
    elif interpolation == "nearest":
        t = F.interpolate(t, size=(h, w), mode="nearest")
    else:
        raise ValueError("interpolation " + interpolation)
    return t[0, 0].numpy()


def input_size(steps):
    for step in steps:
        if step["op"] == "resize":
            return step["height"], step["width"]
    raise ValueError("no resize step")


def resize_area(binary, h, w):
    """Fraction of each output pixel's area covered by a boolean mask: float32 [h, w] (soft target)."""
    t = torch.from_numpy(np.ascontiguousarray(binary, dtype=np.float32))[None, None]
    return F.interpolate(t, size=(h, w), mode="area")[0, 0].numpy()


# ---------------------------------------------------------------- the training-set format

def load_dataset(directory):
    """Reads DIR/dataset.json; returns (manifest dict, items with absolute paths)."""
    path = os.path.join(directory, "dataset.json")
    with open(path, encoding="utf-8") as f:
        manifest = json.load(f)
    if manifest.get("format") != FORMAT or manifest.get("formatVersion") != 1:
        raise ValueError(f"{path}: not a {FORMAT} v1 file")
    items = []
    for item in manifest["items"]:
        item = dict(item)
        item["image"] = os.path.join(directory, item["image"])
        if item.get("mask"):
            item["mask"] = os.path.join(directory, item["mask"])
        items.append(item)
    return manifest, items


def mask_lut(manifest, class_of_label):
    """Lookup table mask value -> model class, from the dataset's mask value names."""
    lut = np.zeros(256, dtype=np.uint8)
    for entry in manifest.get("maskValues") or []:
        lut[entry["value"]] = class_of_label.get(entry["label"], 0)
    return lut


def read_mask(item, lut, class_of_label=None):
    """The item's mask as model classes; an item's own "maskValues" override the dataset's."""
    if "maskValues" in item and class_of_label is not None:
        lut = mask_lut(item, class_of_label)
    return lut[np.asarray(Image.open(item["mask"]))]


def write_dataset(directory, manifest):
    with open(os.path.join(directory, "dataset.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=1)


# ---------------------------------------------------------------- synthetic studies -> training set

CT_MASK_VALUES = {
    "subcutaneous_fat": "subcutaneous_fat",
    "abdominal_wall_muscle": "skeletal_muscle",
    "psoas": "skeletal_muscle",
    "paraspinal_muscle": "skeletal_muscle",
    "chest_wall_muscle": "skeletal_muscle",
    "visceral_fat": "visceral_fat",
    "ground_glass": "ground_glass_opacity",
    "lung": "lung",
}


def generate(kind, seeds, out_dir, extra=()):
    """Generates studies of `kind` for `seeds` into out_dir/<kind>-<seed>/ (skips existing ones)."""
    os.makedirs(out_dir, exist_ok=True)
    todo = [s for s in seeds if not os.path.exists(os.path.join(out_dir, f"{kind}-{s}", "ground-truth.json"))]
    if not todo:
        return
    if not os.path.exists(os.path.join(ROOT, "test-studies", "target", "radflow-test-studies.jar")):
        sys.exit("build the generator first: ./mvnw -B -q -pl test-studies -am package -DskipTests")
    # consecutive seeds in one JVM (--count)
    runs = []
    for s in todo:
        if runs and runs[-1][0] + runs[-1][1] == s:
            runs[-1][1] += 1
        else:
            runs.append([s, 1])
    for first, count in runs:
        cmd = [CLI, "generate", "--kind", kind, "--seed", str(first), "--count", str(count),
               "--out", out_dir] + list(extra)
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)


def ct_items(study_dir, rel):
    """Dataset items of series 1 of a generated CT study (slices superior first)."""
    with open(os.path.join(study_dir, "ground-truth.json"), encoding="utf-8") as f:
        truth = json.load(f)
    series = truth["series"][0]
    ct = series["ct"]
    items = []
    for s in ct["slices"]:
        i = s["index"]
        items.append({
            "image": f"{rel}/{series['files'][i]}",
            "mask": f"{rel}/{series['labelMaps'][i]}",
            "studyInstanceUID": truth["studyInstanceUID"],
            "seriesInstanceUID": series["seriesInstanceUID"],
            "sopInstanceUID": s["sopInstanceUID"],
            "sliceIndex": i,
            "vertebralLevel": s["level"],
            "l3": i == ct["l3SliceIndex"],
        })
        if "zLungMidMm" in ct:
            items[-1]["upperLung"] = s["zMm"] >= ct["zLungMidMm"]
    return truth, items


def generated_dataset(kind, seeds, cache=DEFAULT_CACHE, extra=(), name=None):
    """Generates (or reuses) studies and writes the training set DIR/dataset.json; returns DIR."""
    name = name or f"{kind}-{seeds[0]}-{seeds[-1]}" + ("" if not extra else "-" + "-".join(extra).replace("--", ""))
    directory = os.path.join(cache, name)
    if os.path.exists(os.path.join(directory, "dataset.json")):
        return directory
    studies = os.path.join(directory, "studies")
    generate(kind, seeds, studies, extra)
    items = []
    mask_values = None
    task = None
    for s in seeds:
        rel = f"studies/{kind}-{s}"
        sd = os.path.join(directory, rel)
        if kind.endswith("-ct") or kind.startswith("chest-ct"):
            truth, its = ct_items(sd, rel)
            labels = truth["series"][0]["ct"]["labels"]
            mask_values = [{"value": v, "label": CT_MASK_VALUES[k]} for k, v in labels.items() if k in CT_MASK_VALUES]
            task = "segmentation"
        else:
            import dx_truth  # chest radiographs
            truth, its, mask_values = dx_truth.items(sd, rel)
            task = "classification"
        items += its
    write_dataset(directory, {
        "format": FORMAT,
        "formatVersion": 1,
        "source": f"radflow test-studies generator, kind {kind}, seeds {seeds[0]}-{seeds[-1]}",
        "task": task,
        "maskValues": mask_values,
        "items": items,
    })
    return directory


def seeds_arg(text):
    """'1000-1059' or '1000,1003' -> list of ints."""
    out = []
    for part in text.split(","):
        if "-" in part:
            a, b = part.split("-")
            out += list(range(int(a), int(b) + 1))
        else:
            out.append(int(part))
    return out


# ---------------------------------------------------------------- export

def export_onnx(model, example, path, input_name, output_names, dynamic_hw=False):
    import onnx

    model.eval()
    axes = {input_name: {0: "batch"}}
    for n in output_names:
        axes[n] = {0: "batch"}
    torch.onnx.export(model, example, path, opset_version=17, input_names=[input_name],
                      output_names=output_names, dynamic_axes=axes, do_constant_folding=True)
    proto = onnx.load(path)
    onnx.checker.check_model(proto, full_check=True)
    return os.path.getsize(path)


def check_onnx_matches(path, model, example, tol=1e-4):
    """Runs the exported graph with onnx's reference evaluator when available (else skipped)."""
    try:
        import onnxruntime as ort  # not in Debian 12; optional
    except ImportError:
        return None
    sess = ort.InferenceSession(path)
    outs = sess.run(None, {sess.get_inputs()[0].name: example.numpy()})
    with torch.no_grad():
        ref = model(example)
    ref = ref if isinstance(ref, (tuple, list)) else (ref,)
    return max(float(np.abs(o - r.numpy()).max()) for o, r in zip(outs, ref))


def parameter_count(model):
    return sum(p.numel() for p in model.parameters())


def write_json(path, obj):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, indent=2, ensure_ascii=False)
        f.write("\n")


DISCLAIMER = "Demo model trained on synthetic phantoms; not for clinical use."


def code(value, scheme, meaning):
    return {"value": value, "scheme": scheme, "meaning": meaning}


def finish(model, args, outputs, fields, report, evaluated_on, training, card):
    """Exports model.onnx (input "image", 1×1×H×W), writes training-report.json, manifest.json and
    MODEL_CARD.md (card: the recipe's prose sections, see write_card)."""
    os.makedirs(args.out, exist_ok=True)
    h, w = input_size(fields["preprocessing"])
    path = os.path.join(args.out, "model.onnx")
    if model is not None:  # else the recipe has exported (and maybe fine-tuned) model.onnx itself
        export_onnx(model, torch.zeros(1, 1, h, w), path, "image", outputs)
        report = {"parameters": parameter_count(model), **report}
    report = {"onnxBytes": os.path.getsize(path), "steps": args.steps, "batch": args.batch, **report}
    write_json(os.path.join(args.out, "training-report.json"), report)
    manifest = write_manifest(args.out, fields, report["metrics"], evaluated_on, training)
    write_card(args.out, manifest, report, card)
    log("wrote", args.out, report)


def write_manifest(out, fields, metrics, evaluated_on, training):
    """models/<id>/manifest.json (see models/README.md and models/manifest.schema.json): fixed fields first, then the
    recipe's, the measured metrics (numbers only) and the training provenance."""
    manifest = {"schemaVersion": 1, "id": fields.pop("id"), "version": fields.pop("version", "1.0.0"),
                "name": fields.pop("name"), "demo": True, "disclaimer": DISCLAIMER}
    manifest.update(fields)
    manifest["metrics"] = {"evaluatedOn": evaluated_on,
                           "values": {k: v for k, v in metrics.items() if isinstance(v, (int, float))
                                      and not isinstance(v, bool) and v == v}}
    manifest["training"] = training
    write_json(os.path.join(out, "manifest.json"), manifest)
    return manifest


def write_card(out, manifest, report, sections):
    """models/<id>/MODEL_CARD.md from the manifest, the training report and the recipe's prose
    (sections: intendedUse, data, architecture, outputs, failureModes, metricNotes)."""
    m = report["metrics"]
    rows = "\n".join(f"| `{k}` | {v} |" for k, v in m.items() if not isinstance(v, list))
    pre = "\n".join(f"{i + 1}. `{json.dumps(s)}`" for i, s in enumerate(manifest["preprocessing"]))
    text = f"""# {manifest['name']}

**{DISCLAIMER}** This is one of Radflow's demo models: it exists so that every pipeline runs end to
end on a fresh installation. It has only ever seen Radflow's own synthetic phantoms
(`test-studies`); real images differ in every respect that matters.

## Intended use

{sections['intendedUse']}

## Data and seeds

{sections['data']}

Training and held-out seeds never overlap; CI's Java evaluation regenerates studies with other seeds.

## Architecture

{sections['architecture']}

Parameters: {report['parameters']:,}; ONNX file: {report['onnxBytes'] / 1e6:.2f} MB (opset 17, dynamic batch
axis, checked with `onnx.checker.check_model(full_check=True)`).

## Input and preprocessing

Input `{manifest['input']['name']}`, shape `{manifest['input']['shape']}` ({manifest['input']['layout']},
{manifest['input']['dtype']}). Each frame goes through the manifest's chain, exactly as in training
(`models/training/radflow_data.py: preprocess`):

{pre}

`window` maps to `clip((x - (center - width/2)) / width, 0, 1)`; `resize` is bilinear with
half-pixel centres, no antialiasing (PyTorch `interpolate(align_corners=False)`).

## Outputs and post-processing

{sections['outputs']}

## Metrics on held-out synthetic studies

{manifest['metrics']['evaluatedOn']}.

| metric | value |
|---|---|
{rows}

{sections.get('metricNotes', '')}

## Training

`{manifest['training']['recipe']}` (seeds {manifest['training']['seeds']}), {report['steps']} steps of
{report['batch']}, Adam with a one-cycle schedule, seed 17, 2 CPU threads: {report['trainingSeconds']} s of
training on the shared 2-core build machine (other builds were running; generating and reading the
studies adds a few minutes). Retrain with `models/training/train-all.sh`.

## Known failure modes

{sections['failureModes']}
"""
    with open(os.path.join(out, "MODEL_CARD.md"), "w", encoding="utf-8") as f:
        f.write(text)
