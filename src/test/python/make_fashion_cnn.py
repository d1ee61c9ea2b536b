"""Writes Anneal's built-in CNN as a scripted TorchScript module, for the benchmarks that train an uploaded module
against the same network built in (docs/benchmarks.md), with Debian's PyTorch (1.13, what DJL's libtorch 2.7 loads).

    /usr/bin/python3 src/test/python/make_fashion_cnn.py OUT.pt [SEED]

The layers are those of Networks.cnn: two 3×3 convolutions (32 and 64 filters), each max-pooled, then batch-normalised
(PyTorch's momentum 0.1 is DJL's 0.9) and ReLU, then 128 units, ReLU, dropout 0.25 and 10 classes; input [1, 28, 28].
About 420 000 parameters (1.7 MB): made where a benchmark needs it, not kept in the repository. PyTorch's own
initialisation draws the weights, seeded.
"""
import sys

import torch
from torch import nn


def fashion_cnn():
    return nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.MaxPool2d(2), nn.BatchNorm2d(32), nn.ReLU(),
        nn.Conv2d(32, 64, 3, padding=1), nn.MaxPool2d(2), nn.BatchNorm2d(64), nn.ReLU(),
        nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Dropout(0.25), nn.Linear(128, 10))


if __name__ == '__main__':
    torch.manual_seed(int(sys.argv[2]) if len(sys.argv) > 2 else 0)
    torch.jit.script(fashion_cnn()).save(sys.argv[1])
