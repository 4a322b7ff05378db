"""Exports the small ONNX models of model-runtime's tests with PyTorch (torch.onnx.export, opset 17).

usage: export_models.py OUTDIR

  identity.onnx   input "image" [N,1,H,W] (all dynamic but C) -> output "out" = image
  tinynet.onnx    input "image" [N,1,32,32] -> "seg" [N,3,32,32] (3x3 conv, known weights)
                  and "logits" [N,3] (mean of seg over H, W)
  tinynet-input.f32, tinynet-seg.f32, tinynet-logits.f32: an input batch of 2 and torch's outputs
"""
import os
import sys

import numpy as np
import onnx
import torch

torch.set_num_threads(2)
torch.manual_seed(0)
out = sys.argv[1]
os.makedirs(out, exist_ok=True)


class Identity(torch.nn.Module):
    def forward(self, x):
        return x * 1.0


class TinyNet(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(1, 3, 3, padding=1)
        with torch.no_grad():
            self.conv.weight.copy_(torch.linspace(-1.0, 1.0, 27).reshape(3, 1, 3, 3))
            self.conv.bias.copy_(torch.tensor([0.1, -0.2, 0.3]))

    def forward(self, x):
        seg = self.conv(x)
        return seg, seg.mean(dim=(2, 3))


def export(model, name, example, outputs, dynamic):
    path = os.path.join(out, name)
    model.eval()
    torch.onnx.export(model, example, path, input_names=["image"], output_names=outputs,
                      dynamic_axes=dynamic, opset_version=17)
    onnx.checker.check_model(onnx.load(path), full_check=True)


export(Identity(), "identity.onnx", torch.zeros(1, 1, 16, 16), ["out"],
       {"image": {0: "N", 2: "H", 3: "W"}, "out": {0: "N", 2: "H", 3: "W"}})
net = TinyNet()
export(net, "tinynet.onnx", torch.zeros(1, 1, 32, 32), ["seg", "logits"],
       {"image": {0: "N"}, "seg": {0: "N"}, "logits": {0: "N"}})

x = torch.rand(2, 1, 32, 32, generator=torch.Generator().manual_seed(7)) * 4 - 2
with torch.no_grad():
    seg, logits = net(x)
x.numpy().astype("<f4").tofile(os.path.join(out, "tinynet-input.f32"))
seg.numpy().astype("<f4").tofile(os.path.join(out, "tinynet-seg.f32"))
logits.numpy().astype("<f4").tofile(os.path.join(out, "tinynet-logits.f32"))
print("exported to", out)
