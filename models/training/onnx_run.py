"""A minimal ONNX interpreter in PyTorch for the operators the demo models export (Conv, ConvTranspose,
Relu, MaxPool, Concat, ReduceMean, ReduceMax, Gemm): lets the recipes evaluate a committed model.onnx
without onnxruntime (not packaged in Debian 12)."""

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import numpy_helper


def _attrs(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


class OnnxModel:
    def __init__(self, path):
        self.proto = onnx.load(path)
        self.graph = self.proto.graph
        self.init = {t.name: torch.from_numpy(numpy_helper.to_array(t).copy()) for t in self.graph.initializer}
        self.outputs = [o.name for o in self.graph.output]

    def trainable(self):
        """The float initializers as leaf tensors to optimise (fine-tuning the exported graph)."""
        params = []
        for k, v in self.init.items():
            if v.is_floating_point():
                self.init[k] = v.clone().requires_grad_(True)
                params.append(self.init[k])
        return params

    def save(self, path):
        """Writes the graph with the current initializer values."""
        for t in self.graph.initializer:
            t.CopyFrom(numpy_helper.from_array(self.init[t.name].detach().numpy(), t.name))
        onnx.save(self.proto, path)
        onnx.checker.check_model(onnx.load(path), full_check=True)

    def __call__(self, x):
        env = dict(self.init)
        env[self.graph.input[0].name] = x
        for n in self.graph.node:
            a = _attrs(n)
            i = [env[k] if k else None for k in n.input]
            if n.op_type == "Conv":
                pads = a.get("pads", [0, 0, 0, 0])
                y = F.conv2d(i[0], i[1], i[2] if len(i) > 2 else None, stride=a.get("strides", [1, 1]),
                             padding=(pads[0], pads[1]), groups=a.get("group", 1))
            elif n.op_type == "ConvTranspose":
                y = F.conv_transpose2d(i[0], i[1], i[2] if len(i) > 2 else None, stride=a["strides"])
            elif n.op_type == "Relu":
                y = F.relu(i[0])
            elif n.op_type == "MaxPool":
                y = F.max_pool2d(i[0], a["kernel_shape"], a["strides"])
            elif n.op_type == "Concat":
                y = torch.cat(i, a["axis"])
            elif n.op_type == "ReduceMean":
                y = i[0].mean(dim=tuple(a["axes"]), keepdim=bool(a.get("keepdims", 1)))
            elif n.op_type == "ReduceMax":
                y = i[0].amax(dim=tuple(a["axes"]), keepdim=bool(a.get("keepdims", 1)))
            elif n.op_type == "Gemm":
                w = i[1].t() if a.get("transB", 0) else i[1]
                y = a.get("alpha", 1.0) * i[0] @ w + a.get("beta", 1.0) * i[2]
            else:
                raise NotImplementedError(n.op_type)
            env[n.output[0]] = y
        return tuple(env[o] for o in self.outputs)
