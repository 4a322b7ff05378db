#!/usr/bin/python3
"""PyTorch eager (Debian python3-torch 1.13, CPU) on the same architecture and input size as a demo
model, random weights and input: cold (first batch) and warm slices per second (median of rounds).
bin/inference-benchmark runs it beside Radflow's runner (ONNX Runtime Java). Weights do not change
the arithmetic, so the architecture is built from nets.py as the recipe builds it.

usage: bench_torch.py MODEL_ID SLICES BATCH THREADS ROUNDS
"""
import statistics
import sys
import time

import torch

import nets

ARCHITECTURES = {
    # the recipes' constructors (train_*.py), input size of their manifests
    "abdominal-ct-body-composition": (lambda: nets.UNet(4, width=8, head=8), 256),
}


def main():
    model_id, slices, batch, threads, rounds = sys.argv[1], *map(int, sys.argv[2:6])
    if model_id not in ARCHITECTURES:
        sys.exit(f"no architecture for {model_id}; known: {sorted(ARCHITECTURES)}")
    torch.set_num_threads(threads)
    torch.manual_seed(17)
    t0 = time.perf_counter()
    build, size = ARCHITECTURES[model_id]
    model = build().eval()
    load_ms = (time.perf_counter() - t0) * 1000
    x = torch.rand(batch, 1, size, size)
    with torch.no_grad():
        c0 = time.perf_counter()
        model(x)
        first_ms = (time.perf_counter() - c0) * 1000
        rates = []
        for _ in range(rounds):
            s0 = time.perf_counter()
            done = 0
            while done < slices:
                model(x)
                done += batch
            rates.append(done / (time.perf_counter() - s0))
    print(f"pytorch-eager model={model_id} torch={torch.__version__} threads={threads} batch={batch} "
          f"load_ms={load_ms:.0f} first_batch_ms={first_ms:.1f} warm_slices_per_s={statistics.median(rates):.1f} "
          f"rounds={[round(r, 1) for r in sorted(rates)]}")


if __name__ == "__main__":
    main()
