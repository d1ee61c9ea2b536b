"""Writes the model files the upload tests read, with Debian's PyTorch (1.13, what DJL's libtorch 2.7 loads).

    /usr/bin/python3 src/test/python/make_model_fixtures.py src/test/resources/models

Each file is small (a few kilobytes to ~100 KB) and seeded, so running this again writes the same weights:
  cnn.pt          scripted CNN with batch norm and dropout, input [1, 28, 28], 10 classes
  mlp.pt          scripted MLP, input [20], 3 classes
  traced_mlp.pt   the same MLP, traced rather than scripted
  regressor.pt    scripted MLP, input [8], one output (regression)
  blobs_mlp.pt    scripted MLP with batch norm and dropout, input [4], 3 classes (the blobs datasets' shape)
  spirals_bn.pt   scripted MLP with batch norm (no dropout: resumes bit for bit), input [2], 3 classes
  spirals_plain.pt  scripted MLP of linear layers and ReLU alone, input [2], 3 classes
  frozen.pt       scripted module with no trainable parameter
  state_dict.pth  the MLP's weights saved with torch.save: not a module
  model.onnx      the MLP exported to ONNX: not TorchScript
"""
import os
import sys

import torch
from torch import nn


class SmallCnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(8, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2))
        self.head = nn.Sequential(nn.Flatten(), nn.Linear(16 * 7 * 7, 32), nn.ReLU(), nn.Dropout(0.5),
                                  nn.Linear(32, 10))

    def forward(self, x):
        return self.head(self.features(x))


def mlp(inputs, outputs):
    return nn.Sequential(nn.Linear(inputs, 32), nn.ReLU(), nn.Linear(32, outputs))


class Frozen(nn.Module):
    def forward(self, x):
        return x * 2.0


def main(out):
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(0)
    torch.jit.script(SmallCnn()).save(os.path.join(out, "cnn.pt"))
    classifier = mlp(20, 3)
    torch.jit.script(classifier).save(os.path.join(out, "mlp.pt"))
    torch.jit.trace(classifier, torch.randn(4, 20)).save(os.path.join(out, "traced_mlp.pt"))
    torch.jit.script(mlp(8, 1)).save(os.path.join(out, "regressor.pt"))
    torch.jit.script(Frozen()).save(os.path.join(out, "frozen.pt"))
    blobs = nn.Sequential(nn.Linear(4, 16), nn.BatchNorm1d(16), nn.ReLU(), nn.Dropout(0.1), nn.Linear(16, 3))
    torch.jit.script(blobs).save(os.path.join(out, "blobs_mlp.pt"))
    spirals = nn.Sequential(nn.Linear(2, 32), nn.BatchNorm1d(32), nn.ReLU(), nn.Linear(32, 3))
    torch.jit.script(spirals).save(os.path.join(out, "spirals_bn.pt"))
    torch.jit.script(mlp(2, 3)).save(os.path.join(out, "spirals_plain.pt"))
    torch.save(classifier.state_dict(), os.path.join(out, "state_dict.pth"))
    torch.onnx.export(classifier, torch.randn(1, 20), os.path.join(out, "model.onnx"))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "src/test/resources/models")
