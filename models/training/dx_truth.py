"""Generated chest radiographs (test-studies kinds chest-dx-*) -> items of the training-set format."""

import json
import os

FINDINGS = ["pneumonia", "tuberculosis", "pneumothorax", "nodule"]


def items(study_dir, rel):
    """(truth, [item], dataset-level mask values): one item per radiograph; the finding mask holds
    finding ids, so each item names its own mask values ("maskValues", overriding the dataset's)."""
    with open(os.path.join(study_dir, "ground-truth.json"), encoding="utf-8") as f:
        truth = json.load(f)
    series = truth["series"][0]
    dx = series["dx"]
    item = {
        "image": f"{rel}/{series['files'][0]}",
        "mask": f"{rel}/{series['labelMaps'][0]}",
        "studyInstanceUID": truth["studyInstanceUID"],
        "seriesInstanceUID": series["seriesInstanceUID"],
        "sopInstanceUID": dx["sopInstanceUID"],
        "viewPosition": dx["viewPosition"],
        "findings": sorted({o["finding"] for o in dx["findings"]}, key=FINDINGS.index),
        "maskValues": [{"value": o["id"], "label": o["finding"]} for o in dx["findings"]],
        "regions": [{"label": o["finding"], "maskValue": o["id"], "box": o["box"]} for o in dx["findings"]],
    }
    return truth, [item], []
