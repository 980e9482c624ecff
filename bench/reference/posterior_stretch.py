"""numpy peer of @astroemu/posterior's ensemble sampler, for bench/posterior.bench.mjs: the affine-invariant stretch
move (Goodman & Weare 2010) with emcee's two-halves parallel update (Foreman-Mackey et al. 2013, Algorithm 3), a = 2,
vectorised over every spectrum's walkers (one model call per half-step), on the SAME emulator (our Payne bundle read
by payne_mlp.py) and the SAME target: Gaussian likelihood with weights w = ivar, uniform priors on the label box,
sampled in z = logit((x − lo)/(hi − lo)) with the log-Jacobian. Float64 host arithmetic, float32 model (as ours).

Usage: python3 posterior_stretch.py BUNDLE_DIR IN.json OUT.f64
  IN.json: {"flux": [B][M], "ivar": [B][M], "init": [B][W][L] (z), "burn": int, "draws": int, "seed": int}
  OUT.f64: draws as float64 [B, W, draws, L] (physical labels); prints {"seconds": s, "acceptance": f}.
"""
import json
import pathlib
import sys
import time

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from payne_mlp import Payne  # noqa: E402


def main():
    bundle, inp, out = sys.argv[1:4]
    cfg = json.loads(pathlib.Path(inp).read_text())
    model = Payne(bundle)
    lo, hi = model.lo, model.hi
    flux = np.asarray(cfg["flux"], dtype=np.float64)
    w = np.asarray(cfg["ivar"], dtype=np.float64)
    z = np.asarray(cfg["init"], dtype=np.float64)  # [B, W, L]
    B, W, L = z.shape
    half = W // 2
    rng = np.random.default_rng(cfg["seed"])

    def logp(zz, idx):  # zz [n, L], idx [n] spectrum of each row
        s = 1 / (1 + np.exp(-zz))
        x = lo + (hi - lo) * s
        f = model.forward(x).astype(np.float64)
        chi2 = np.sum(w[idx] * (flux[idx] - f) ** 2, axis=1)
        logjac = np.sum(np.log(hi - lo) + np.log(s) + np.log1p(-s), axis=1)
        return -0.5 * chi2 + logjac

    spec = np.repeat(np.arange(B), W)
    lp = logp(z.reshape(-1, L), spec).reshape(B, W)
    draws = cfg["draws"]
    chain = np.empty((B, W, draws, L))
    accepted = 0
    proposed = 0
    t0 = time.perf_counter()
    spec_half = np.repeat(np.arange(B), half)
    for it in range(cfg["burn"] + draws):
        for first in (0, half):
            other = half - first
            mine = z[:, first:first + half]  # [B, half, L]
            j = other + rng.integers(0, half, size=(B, half))
            partner = np.take_along_axis(z, j[:, :, None], axis=1)
            zz = ((2 - 1) * rng.random((B, half)) + 1) ** 2 / 2
            prop = partner + zz[:, :, None] * (mine - partner)
            lq = logp(prop.reshape(-1, L), spec_half).reshape(B, half)
            logq = (L - 1) * np.log(zz) + lq - lp[:, first:first + half]
            acc = np.log(rng.random((B, half))) < logq
            z[:, first:first + half][acc] = prop[acc]
            lp[:, first:first + half][acc] = lq[acc]
            if it >= cfg["burn"]:
                accepted += int(acc.sum())
                proposed += acc.size
        if it >= cfg["burn"]:
            chain[:, :, it - cfg["burn"]] = lo + (hi - lo) / (1 + np.exp(-z))
    seconds = time.perf_counter() - t0
    chain.astype("<f8").tofile(out)
    print(json.dumps({"seconds": seconds, "acceptance": accepted / max(proposed, 1)}))


if __name__ == "__main__":
    main()
