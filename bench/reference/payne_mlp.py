"""numpy/OpenBLAS peer of @astroemu/payne's forward pass (float32), loading OUR bundle (config.json +
weights.safetensors): labels scaled ((x - min)/(max - min) - 0.5, or + 0.5 for inputScaling 'unit'), Dense + activation
per hidden layer (exact GELU with scipy.special.erf, tanh GELU, leaky ReLU 0.01, sigmoid), Dense + sigmoid|linear output.

Usage (by bench/payne.bench.mjs): python3 payne_mlp.py BUNDLE_DIR LABELS.f32 B OUT.f32 REPEATS
prints one JSON line {"seconds": [...], "maxrss_kb": N}; set OPENBLAS_NUM_THREADS for the thread count.
"""
import json
import pathlib
import resource
import sys
import time

import numpy as np
from scipy.special import erf

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from safetensors_np import read_safetensors  # noqa: E402

F = np.float32


def act(x, name):
    if name == "gelu":
        return F(0.5) * x * (F(1) + erf(x * F(1 / np.sqrt(2))))
    if name == "gelu_tanh":
        return F(0.5) * x * (F(1) + np.tanh(F(np.sqrt(2 / np.pi)) * (x + F(0.044715) * x * x * x)))
    if name == "leaky_relu":
        return np.where(x > 0, x, F(0.01) * x)
    if name == "sigmoid":
        return F(1) / (F(1) + np.exp(-x))
    if name == "linear":
        return x
    raise ValueError(name)


class Payne:
    def __init__(self, bundle):
        bundle = pathlib.Path(bundle)
        cfg = json.loads((bundle / "config.json").read_text())
        self.a = cfg["architecture"]
        self.lo = np.array([l["min"] for l in cfg["labels"]], dtype=np.float64)
        self.hi = np.array([l["max"] for l in cfg["labels"]], dtype=np.float64)
        P = read_safetensors(bundle / "weights.safetensors")
        names = ["input"] + [f"hidden/{i}" for i in range(len(self.a["hidden"]) - 1)] + ["output"]
        self.layers = [(np.ascontiguousarray(P[n + "/kernel"], dtype=F), np.ascontiguousarray(P[n + "/bias"], dtype=F)) for n in names]

    def forward(self, labels):
        x = (labels - self.lo) / (self.hi - self.lo) - 0.5
        if self.a.get("inputScaling") == "unit":
            x = x + 0.5
        h = x.astype(F)
        for i, (k, b) in enumerate(self.layers):
            h = h @ k + b
            h = act(h, self.a["outputActivation"] if i == len(self.layers) - 1 else self.a["activation"])
        return h


def main():
    bundle, labels_f, batch, out_f, repeats = sys.argv[1:6]
    labels = np.fromfile(labels_f, dtype="<f4").astype(np.float64).reshape(int(batch), -1)
    model = Payne(bundle)
    model.forward(labels)  # warm-up
    seconds = []
    flux = None
    for _ in range(int(repeats)):
        t0 = time.perf_counter()
        flux = model.forward(labels)
        seconds.append(time.perf_counter() - t0)
    flux.astype("<f4").tofile(out_f)
    print(json.dumps({"seconds": seconds, "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))


if __name__ == "__main__":
    main()
