"""Loads a model Anneal trained and hands back, and prints its accuracy on an .npz's test split.

    /usr/bin/python3 src/test/python/predict_trained.py model.pt data.npz

What UploadedModelRunTests holds to the test accuracy Anneal reported: the file must be plain TorchScript that
torch.jit.load opens, in evaluation mode, predicting what Anneal evaluated.
"""
import sys

import numpy as np
import torch

model = torch.jit.load(sys.argv[1])
assert not model.training, "a handed-back model is saved in evaluation mode"
data = np.load(sys.argv[2])
with torch.no_grad():
    predicted = model(torch.from_numpy(data["x_test"])).argmax(dim=1).numpy()
print(repr(float((predicted == data["y_test"]).mean())))
