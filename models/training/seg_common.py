"""Shared code of the two CT segmentation recipes: loading slices, batches, training loop, Dice."""

import time

import numpy as np
import pydicom
import torch
import torch.nn.functional as F
from PIL import Image

import radflow_data as rd


def load_slices(items, steps, lut, dtype=np.float32):
    """Preprocessed images [S, 1, h, w] (dtype: float16 saves memory at 512x512) and class masks [S, H, W]."""
    h, w = rd.input_size(steps)
    images = np.zeros((len(items), 1, h, w), dtype=dtype)
    masks = None
    for k, item in enumerate(items):
        ds = pydicom.dcmread(item["image"])
        images[k, 0] = rd.preprocess(ds, steps)
        m = lut[np.asarray(Image.open(item["mask"]))]
        if masks is None:
            masks = np.zeros((len(items),) + m.shape, dtype=np.uint8)
        masks[k] = m
    return images, masks


def targets(masks, n_classes, h, w):
    """Soft targets (class fractions per output pixel) for a batch of full-resolution masks."""
    t = F.one_hot(torch.from_numpy(masks.astype(np.int64)), n_classes).permute(0, 3, 1, 2).float()
    return F.interpolate(t, size=(h, w), mode="area")


def train(model, loss_fn, n, batch, steps, lr, seed, log_every=50):
    """Adam with a cosine schedule over `steps` random batches; loss_fn(model, index array) -> loss."""
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=steps, pct_start=0.1)
    rng = np.random.default_rng(seed)
    model.train()
    t0 = time.time()
    for step in range(1, steps + 1):
        idx = rng.choice(n, size=batch, replace=False)
        loss = loss_fn(model, idx)
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        if step % log_every == 0 or step == steps:
            rd.log(f"step {step}/{steps} loss {loss.item():.4f} ({time.time() - t0:.0f} s)")
    model.eval()
    return time.time() - t0


def batch(images, idx):
    return torch.from_numpy(images[idx].astype(np.float32))


def predict(seg_logits, size):
    """Label map at the image's resolution (argmax; logits resized bilinearly if the sizes differ)."""
    if tuple(seg_logits.shape[2:]) != tuple(size):
        seg_logits = F.interpolate(seg_logits, size=size, mode="bilinear", align_corners=False)
    return seg_logits.argmax(1).numpy().astype(np.uint8)


def predict_nearest(seg_logits, size):
    """Argmax at the model's resolution, upsampled by nearest neighbour (the conservative variant)."""
    lab = seg_logits.argmax(1, keepdim=True).float()
    return F.interpolate(lab, size=size, mode="nearest")[:, 0].numpy().astype(np.uint8)


class DiceCounter:
    """Pooled Dice per class over many slices: 2|P∩T| / (|P| + |T|)."""

    def __init__(self, classes):
        self.classes = classes
        self.inter = np.zeros(len(classes))
        self.sum = np.zeros(len(classes))

    def add(self, pred, truth):
        for k, c in enumerate(self.classes):
            p = pred == c
            t = truth == c
            self.inter[k] += np.logical_and(p, t).sum()
            self.sum[k] += p.sum() + t.sum()

    def dice(self):
        return [float(2 * i / s) if s else 1.0 for i, s in zip(self.inter, self.sum)]
