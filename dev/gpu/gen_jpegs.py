# The 2,048 JPEGs of e2e_bench.py, beside this file (640x480, quality 90, same seed and sources),
# written on all cores: for a run that measures clip4j's pipeline without the Python reference.
import os, sys
import numpy as np
from PIL import Image
from multiprocessing import Pool
import skimage.data as sd
D = sys.argv[1] if len(sys.argv) > 1 else "/tmp/jpegs"; N = 2048
os.makedirs(D, exist_ok=True)
srcs = [sd.astronaut(), sd.chelsea(), sd.coffee(), sd.rocket()]
rng = np.random.default_rng(0)
crops = [(i, rng.integers(0, srcs[i % 4].shape[0] // 4), rng.integers(0, srcs[i % 4].shape[1] // 4)) for i in range(N)]
def write(c):
    i, y, x = c
    Image.fromarray(srcs[i % 4][y:, x:]).resize((640, 480)).save(f"{D}/{i:05d}.jpg", quality=90)
with Pool(os.cpu_count()) as p:
    p.map(write, crops, chunksize=32)
print("wrote", N, "to", D)
