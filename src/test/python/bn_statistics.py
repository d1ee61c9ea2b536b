"""Loads a model Anneal trained (a linear layer, then batch norm, as blobs_mlp.pt is) and prints how far its batch
norm's running mean lies from the mean its weights give over the training examples of an .npz, in standard
deviations of those activations: near 0 when the statistics were measured for these weights.

    /usr/bin/python3 src/test/python/bn_statistics.py model.pt data.npz
"""
import sys

import numpy as np
import torch

model = torch.jit.load(sys.argv[1])
linear, norm = getattr(model, "0"), getattr(model, "1")
x = torch.from_numpy(np.load(sys.argv[2])["x"])
with torch.no_grad():
    activations = x @ linear.weight.T + linear.bias
    gap = (norm.running_mean - activations.mean(dim=0)).abs() / activations.std(dim=0)
print(repr(float(gap.max())))
