# The timing both GPU-machine peers use: 3 warm-up calls, then n calls between two CUDA events.
import torch


def timeit(fn, n):
    """Seconds per call of fn, measured on the GPU's clock."""
    for _ in range(3):
        fn()
    torch.cuda.synchronize()
    s, e = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    s.record()
    for _ in range(n):
        fn()
    e.record(); torch.cuda.synchronize()
    return s.elapsed_time(e) / 1000 / n
