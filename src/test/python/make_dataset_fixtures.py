"""Writes the small dataset files the upload tests read, with Debian's NumPy (PNGs written by hand).

    /usr/bin/python3 src/test/python/make_dataset_fixtures.py src/test/resources/datasets

  blobs.csv        120 rows, 4 numeric features, a text label column "species" (3 classes)
  blobs.npz        x (120, 4) float32 and y (120,) int64, with x_val/y_val (30) and x_test/y_test (30)
  pictures.npz     x (60, 1, 8, 8) float32 and y (60,) uint8: an image-shaped array
  objects.npz      y saved as a Python object array (a pickle): must be refused, never read
  fortran.npz      x in Fortran order: must be refused
  mismatched.npz   x holds 10 examples and y 9
  images.zip       shapes/circle/*.png and shapes/square/*.png (8 each, 12x12 grey), and one 20x16 square
"""
import io
import os
import struct
import sys
import zipfile
import zlib

import numpy as np


def png(pixels):
    """A grey 8-bit PNG of a 2-D uint8 array, written by hand (no imaging library needed)."""
    height, width = pixels.shape
    raw = b"".join(b"\x00" + pixels[row].tobytes() for row in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def main(out):
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(0)
    centres = np.array([[0, 0, 0, 0], [3, 3, 0, 0], [0, 3, 3, 3]], dtype=np.float32)
    labels = np.repeat(np.arange(3), 60)
    x = (centres[labels] + rng.normal(0, 0.5, (180, 4))).astype(np.float32)
    order = rng.permutation(180)
    x, labels = x[order], labels[order]
    names = np.array(["setosa", "versicolor", "virginica"])
    with open(os.path.join(out, "blobs.csv"), "w") as f:
        f.write("a,b,species,c,d\n")
        for row, label in zip(x[:120], labels[:120]):
            f.write(f"{row[0]:.4f},{row[1]:.4f},{names[label]},{row[2]:.4f},{row[3]:.4f}\n")
    np.savez(os.path.join(out, "blobs.npz"), x=x[:120], y=labels[:120].astype(np.int64),
             x_val=x[120:150], y_val=labels[120:150].astype(np.int64),
             x_test=x[150:], y_test=labels[150:].astype(np.int64))
    np.savez_compressed(os.path.join(out, "pictures.npz"), x=rng.random((60, 1, 8, 8), dtype=np.float32),
                        y=rng.integers(0, 2, 60).astype(np.uint8))
    np.savez(os.path.join(out, "objects.npz"), x=x[:3], y=np.array([{"a": 1}, None, "b"], dtype=object))
    np.savez(os.path.join(out, "fortran.npz"), x=np.asfortranarray(x[:10]), y=labels[:10])
    np.savez(os.path.join(out, "mismatched.npz"), x=x[:10], y=labels[:9])
    with zipfile.ZipFile(os.path.join(out, "images.zip"), "w") as archive:
        for i in range(8):
            yy, xx = np.mgrid[0:12, 0:12]
            circle = (((yy - 6) ** 2 + (xx - 6) ** 2) < 16 + i).astype(np.uint8) * 255
            square = np.zeros((12, 12), np.uint8)
            square[2:10 - i % 3, 2:10] = 255
            archive.writestr(f"shapes/circle/{i}.png", png(circle))
            archive.writestr(f"shapes/square/{i}.png", png(square))
        # one of another size, which the upload resizes like the rest
        archive.writestr("shapes/square/colour.png", png(np.full((20, 16), 128, np.uint8)))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "src/test/resources/datasets")
