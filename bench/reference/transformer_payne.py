"""numpy/OpenBLAS peer of @astroemu/transformer-payne's forward pass (float32), loading OUR bundle
(config.json + weights.safetensors). The straightforward formulation of Listing 4 (Rozanski, Ting & Jablonska), as a
numpy user would write it: label tokens and keys/values once per spectrum, wavelengths in chunks, per-head attention
with batched matmuls, tanh GELU, LayerNorm eps from the config.

Usage (by bench/tp.bench.mjs): python3 transformer_payne.py BUNDLE_DIR LABELS.f32 B GRID.f64 OUT.f32 REPEATS
prints one JSON line {"seconds": [...], "maxrss_kb": N}; set OPENBLAS_NUM_THREADS for the thread count.
"""
import json
import pathlib
import resource
import sys
import time

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from safetensors_np import read_safetensors  # noqa: E402

CHUNK_ROWS = 4096  # query rows (wavelengths x spectra) per chunk: bounds memory like our memoryBudgetBytes


class TransformerPayne:
    def __init__(self, bundle):
        bundle = pathlib.Path(bundle)
        cfg = json.loads((bundle / "config.json").read_text())
        self.a = cfg["architecture"]
        self.lo = np.array([l["min"] for l in cfg["labels"]], dtype=np.float64)
        self.hi = np.array([l["max"] for l in cfg["labels"]], dtype=np.float64)
        self.P = {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in read_safetensors(bundle / "weights.safetensors").items()}
        self.act = {"gelu_tanh": self.gelu_tanh, "gelu": self.gelu_tanh}[self.a["activation"]]  # bench bundles use gelu_tanh

    @staticmethod
    def gelu_tanh(x):
        return 0.5 * x * (1.0 + np.tanh(np.float32(np.sqrt(2.0 / np.pi)) * (x + np.float32(0.044715) * x * x * x)))

    def dense(self, x, p):
        return x @ self.P[p + "/kernel"] + self.P[p + "/bias"]

    def ln(self, x, p):
        m = x.mean(-1, keepdims=True)
        c = x - m
        v = (c * c).mean(-1, keepdims=True)
        return c / np.sqrt(v + np.float32(self.a["epsilon"])) * self.P[p + "/scale"] + self.P[p + "/bias"]

    def encode(self, lam):  # float64 on the host, as the TS package
        d = self.a["dim"]
        periods = np.logspace(np.log10(self.a["minPeriod"]), np.log10(self.a["maxPeriod"]), d)
        return np.sin(2.0 * np.pi * np.log10(lam)[:, None] / periods[None, :]).astype(np.float32)

    def forward(self, labels, lam):
        a, P = self.a, self.P
        B, d, H, T = labels.shape[0], a["dim"], a["heads"], a["tokens"]
        dh = d // H
        p = ((labels - self.lo) / (self.hi - self.lo) - 0.5).astype(np.float32)
        tok = self.dense(self.act(self.dense(p, "input")), "tokens").reshape(B, T, d)
        kv = []
        for i in range(a["blocks"]):
            b = f"blocks/{i}"
            n = self.ln(tok, b + "/kv_norm")
            k = self.dense(n, b + "/attention/key").reshape(B, T, H, dh).transpose(0, 2, 3, 1)  # [B, H, dh, T]
            v = self.dense(n, b + "/attention/value").reshape(B, T, H, dh).transpose(0, 2, 1, 3)  # [B, H, T, dh]
            kv.append((np.ascontiguousarray(k), np.ascontiguousarray(v)))
        enc = self.encode(lam)
        M = lam.size
        q_chunk = max(1, CHUNK_ROWS // B)
        out = np.empty((B, M), dtype=np.float32)
        scale = np.float32(1.0 / np.sqrt(dh))
        for s in range(0, M, q_chunk):
            e = min(M, s + q_chunk)
            Q = e - s
            x = np.broadcast_to(enc[None, s:e], (B, Q, d)).reshape(B * Q, d)
            x_pre, x_post = x, x
            for i in range(a["blocks"]):
                b = f"blocks/{i}"
                k, v = kv[i]
                q = self.dense(x_post, b + "/attention/query").reshape(B, Q, H, dh).transpose(0, 2, 1, 3)  # [B, H, Q, dh]
                sc = (q * scale) @ k  # [B, H, Q, T]
                sc = np.exp(sc - sc.max(-1, keepdims=True))
                w = sc / sc.sum(-1, keepdims=True)
                ctx = (w @ v).transpose(0, 2, 1, 3).reshape(B * Q, d)
                s1 = x_post + self.dense(ctx, b + "/attention/out")
                x_pre = x_pre + s1
                x_post = self.ln(s1, b + "/attention_norm")
                s2 = x_post + self.dense(self.act(self.dense(x_post, b + "/feed_forward/dense_0")), b + "/feed_forward/dense_1")
                x_pre = x_pre + s2
                x_post = self.ln(s2, b + "/feed_forward_norm")
            y = self.ln(x_pre, "head/norm") + x_post
            out[:, s:e] = self.dense(self.act(self.dense(y, "head/dense_0")), "head/dense_1").reshape(B, Q)
        return out


def main():
    bundle, labels_f, batch, grid_f, out_f, repeats = sys.argv[1:7]
    labels = np.fromfile(labels_f, dtype="<f4").astype(np.float64).reshape(int(batch), -1)
    lam = np.fromfile(grid_f, dtype="<f8")
    model = TransformerPayne(bundle)
    model.forward(labels, lam[: min(lam.size, 64)])  # warm-up
    seconds = []
    flux = None
    for _ in range(int(repeats)):
        t0 = time.perf_counter()
        flux = model.forward(labels, lam)
        seconds.append(time.perf_counter() - t0)
    flux.astype("<f4").tofile(out_f)
    print(json.dumps({"seconds": seconds, "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))


if __name__ == "__main__":
    main()
