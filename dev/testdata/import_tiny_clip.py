"""Copies the tiny-clip parity fixture into testdata/, slimmed for the repository.

usage: python3 dev/testdata/import_tiny_clip.py SOURCE_FIXTURE_DIR testdata/tiny-clip

Everything is copied as it is except reference.safetensors: its two 224-pixel references
(pixel_values_224, pixel_values_224_pil; 4.2 MB each in float32) are stored as the 8-bit levels
they were normalised from (pixel_levels_224, pixel_levels_224_pil; uint8, 1.05 MB each). Both
reference pipelines resize 8-bit images, so value = (level / 255 - mean) / std with the
fixture's image_mean/image_std; the script refuses to write a file whose levels do not
reproduce the float32 tensors to 1e-6.
"""
import json
import shutil
import struct
import sys
from pathlib import Path

import numpy as np

SLIMMED = {"pixel_values_224": "pixel_levels_224", "pixel_values_224_pil": "pixel_levels_224_pil"}
COPIED = ["config.json", "preprocessor_config.json", "tokenizer.json", "tokenizer_config.json",
          "model.safetensors", "reference.json"]


def read_safetensors(path):
    data = Path(path).read_bytes()
    n = struct.unpack("<Q", data[:8])[0]
    header = json.loads(data[8:8 + n])
    body = data[8 + n:]
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        a, b = info["data_offsets"]
        dtype = {"F32": np.float32, "I64": np.int64, "U8": np.uint8}[info["dtype"]]
        tensors[name] = np.frombuffer(body[a:b], dtype=dtype).reshape(info["shape"])
    return tensors


def write_safetensors(path, tensors, metadata):
    names = {np.dtype(np.float32): "F32", np.dtype(np.int64): "I64", np.dtype(np.uint8): "U8"}
    header, blobs, offset = {"__metadata__": metadata}, [], 0
    for name in sorted(tensors):
        blob = np.ascontiguousarray(tensors[name]).tobytes()
        header[name] = {"dtype": names[tensors[name].dtype], "shape": list(tensors[name].shape),
                        "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * (-len(h) % 8)
    Path(path).write_bytes(struct.pack("<Q", len(h)) + h + b"".join(blobs))


def main(src, dst):
    src, dst = Path(src), Path(dst)
    dst.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        shutil.copyfile(src / name, dst / name)
    shutil.copytree(src / "images", dst / "images", dirs_exist_ok=True)
    pre = json.loads((src / "preprocessor_config.json").read_text())
    mean = np.array(pre["image_mean"], dtype=np.float32).reshape(1, 3, 1, 1)
    std = np.array(pre["image_std"], dtype=np.float32).reshape(1, 3, 1, 1)
    tensors = read_safetensors(src / "reference.safetensors")
    for name, slim in SLIMMED.items():
        values = tensors.pop(name)
        levels = np.rint((values * std + mean) * 255)
        assert levels.min() >= 0 and levels.max() <= 255, name
        levels = levels.astype(np.uint8)
        rebuilt = (levels.astype(np.float32) / np.float32(255) - mean) / std
        error = float(np.abs(rebuilt - values).max())
        if error > 1e-6:
            sys.exit(f"{name}: 8-bit levels reproduce it only to {error}")
        print(f"{name} -> {slim}: max |rebuilt - reference| {error:.2e}")
        tensors[slim] = levels
    write_safetensors(dst / "reference.safetensors", tensors,
                      {"pixel_levels": "value = (level / 255 - image_mean) / image_std"})


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
