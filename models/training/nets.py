"""Small networks of the demo models (all export to ONNX opset 17 with a dynamic batch axis)."""

import torch
import torch.nn as nn
import torch.nn.functional as F


def block(cin, cout):
    return nn.Sequential(
        nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True),
        nn.Conv2d(cout, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True))


class UNet(nn.Module):
    """U-Net (4 levels), optional per-image classification head on the bottleneck.

    forward -> segmentation logits [N, classes, H, W] (and head logits [N, head] when head > 0);
    with classes=None the last decoder features [N, width, H, W] instead of logits.
    """

    def __init__(self, classes, width=16, head=0, in_channels=1):
        super().__init__()
        w = [width, 2 * width, 4 * width, 8 * width]
        self.enc = nn.ModuleList([block(in_channels, w[0]), block(w[0], w[1]), block(w[1], w[2]),
                                  block(w[2], w[3])])
        self.up = nn.ModuleList([nn.ConvTranspose2d(w[i + 1], w[i], 2, stride=2) for i in range(3)])
        self.dec = nn.ModuleList([block(2 * w[i], w[i]) for i in range(3)])
        self.out = nn.Conv2d(w[0], classes, 1) if classes else nn.Identity()
        self.head = None
        if head:
            self.head = nn.Sequential(nn.Conv2d(w[3], w[3], 3, padding=1), nn.ReLU(inplace=True))
            self.head_fc = nn.Linear(w[3], head)

    def forward(self, x):
        skips = []
        for i, e in enumerate(self.enc):
            x = e(x if i == 0 else F.max_pool2d(x, 2))
            skips.append(x)
        bottom = x
        for i in (2, 1, 0):
            x = self.dec[i](torch.cat([self.up[i](x), skips[i]], 1))
        seg = self.out(x)
        if self.head is None:
            return seg
        h = self.head(bottom).mean(dim=(2, 3))
        return seg, self.head_fc(h)


class UNetPlusPlus(nn.Module):
    """UNet++ (Zhou et al. 2018): nested, densely connected skip pathways, depth 4, no deep supervision.

    Node X[i][j] (level i, column j) = conv(cat(X[i][0..j-1], up(X[i+1][j-1]))).
    """

    def __init__(self, classes, width=16, depth=4, in_channels=1):
        super().__init__()
        w = [width * 2 ** i for i in range(depth)]
        self.depth = depth
        self.nodes = nn.ModuleDict()
        self.ups = nn.ModuleDict()
        for i in range(depth):
            self.nodes[f"{i}_0"] = block(in_channels if i == 0 else w[i - 1], w[i])
        for j in range(1, depth):
            for i in range(depth - j):
                self.ups[f"{i}_{j}"] = nn.ConvTranspose2d(w[i + 1], w[i], 2, stride=2)
                self.nodes[f"{i}_{j}"] = block(w[i] * (j + 1), w[i])
        self.out = nn.Conv2d(w[0], classes, 1) if classes else nn.Identity()

    def forward(self, x):
        X = {}
        for i in range(self.depth):
            X[(i, 0)] = self.nodes[f"{i}_0"](x if i == 0 else F.max_pool2d(X[(i - 1, 0)], 2))
        for j in range(1, self.depth):
            for i in range(self.depth - j):
                parts = [X[(i, k)] for k in range(j)] + [self.ups[f"{i}_{j}"](X[(i + 1, j - 1)])]
                X[(i, j)] = self.nodes[f"{i}_{j}"](torch.cat(parts, 1))
        return self.out(X[(0, self.depth - 1)])


class NativeResolution(nn.Module):
    """Segments at the input's own resolution while the inner network runs at half of it:
    a stride-2 stem feeds `inner` (built with classes=None, in_channels=width), whose features are
    upsampled (transposed conv) and joined with a full-resolution convolution of the input before a
    1×1 classifier, so boundaries follow the full-resolution pixels. Passes a head output through."""

    def __init__(self, inner, classes, width):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(1, width, 3, stride=2, padding=1, bias=False), nn.BatchNorm2d(width),
                                  nn.ReLU(inplace=True))
        self.inner = inner
        self.up = nn.ConvTranspose2d(width, width, 2, stride=2)
        self.full = nn.Sequential(nn.Conv2d(1, width, 3, padding=1, bias=False), nn.BatchNorm2d(width),
                                  nn.ReLU(inplace=True))
        self.out = nn.Conv2d(2 * width, classes, 1)

    def forward(self, x):
        inner = self.inner(self.stem(x))
        head = None
        if isinstance(inner, tuple):
            inner, head = inner
        seg = self.out(torch.cat([F.relu(self.up(inner)), self.full(x)], 1))
        return seg if head is None else (seg, head)


def soft_dice_loss(logits, target, classes=None, eps=1.0):
    """1 - mean soft Dice over `classes` (default all but background); target = class fractions."""
    p = torch.softmax(logits, 1)
    if classes is not None:
        p, target = p[:, classes], target[:, classes]
    inter = (p * target).sum(dim=(0, 2, 3))
    denom = p.sum(dim=(0, 2, 3)) + target.sum(dim=(0, 2, 3))
    return 1 - ((2 * inter + eps) / (denom + eps)).mean()


def soft_cross_entropy(logits, target, weights=None):
    """Cross-entropy against soft targets (class fractions), optional class weights."""
    logp = torch.log_softmax(logits, 1)
    loss = -(target * logp)
    if weights is not None:
        loss = loss * weights.view(1, -1, 1, 1)
    return loss.sum(1).mean()
