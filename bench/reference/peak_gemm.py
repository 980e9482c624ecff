"""Machine f32 GEMM peak as numpy/OpenBLAS reaches it: best of REPEATS float32 matmuls N x N (threads from
OPENBLAS_NUM_THREADS). Usage: python3 peak_gemm.py [N=4096] [REPEATS=5]; prints {"gflops": best, "n": N}."""
import json
import sys
import time

import numpy as np

n = int(sys.argv[1]) if len(sys.argv) > 1 else 4096
reps = int(sys.argv[2]) if len(sys.argv) > 2 else 5
rng = np.random.default_rng(0)
a = rng.standard_normal((n, n), dtype=np.float32)
b = rng.standard_normal((n, n), dtype=np.float32)
a @ b
best = 0.0
for _ in range(reps):
    t0 = time.perf_counter()
    a @ b
    best = max(best, 2 * n**3 / (time.perf_counter() - t0) / 1e9)
print(json.dumps({"gflops": best, "n": n}))
