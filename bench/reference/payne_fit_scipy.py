"""Reference fitter of The Payne (tingyuansen/The_Payne, The_Payne/fitting.py fit_normalized_spectrum_single_star_model),
re-implemented with numpy + scipy only, and the fixtures of bench/fit.bench.mjs.

  make DIR N SEED [HIDDEN=300]  weights in The Payne's .npz format (DIR/payne_apogee.npz: w_array_0..2 (out, in),
                                b_array_0..2, x_min, x_max; 25 APOGEE labels, leaky ReLU, linear output, 7 214 px grid of
                                apogee_wavelength.npz) and N noisy spectra at S/N 100 with known labels and RV
                                (DIR/spectra.npz: wavelength, flux [N, 7214], sigma, mask (1 = not used), labels_scaled, rv)
  fit DIR OUT.json [N]          fits the first N spectra one after the other as The Payne does: curve_fit(method='trf'),
                                p0 = 0, bounds [-0.5, 0.5] on scaled labels and [-5, 5] km/s on RV, ftol = xtol = 5e-4,
                                sigma with masked pixels at 999; prints {"seconds", "cpu_seconds", "evaluations", "maxrss_kb"}
  chi2 DIR SOLUTIONS.json       chi^2 (float64 model, unmasked pixels) of solutions {"labels_scaled": [[...]], "rv": [...]}

The weights are random but spectrum-like (no published network is reachable offline): ~600 absorption lines whose
depths depend on the labels through the two hidden layers of 300 leaky-ReLU units (The Payne's published APOGEE
network: 2 x 300). Everything is deterministic in SEED.
"""
import json
import pathlib
import resource
import sys
import time

import numpy as np
from scipy.optimize import curve_fit

HERE = pathlib.Path(__file__).parent
GRID = pathlib.Path("/work/shared/external/the_payne/apogee_wavelength.npz")
C_KMS = 2.99792458e5
EDGE = 5  # pixels masked at each end (np.interp clamps there; our fitter drops pixels not covered at ±5 km/s)
# Label boxes (x_min, x_max) of The Payne's 25 APOGEE labels (order of THE_PAYNE_APOGEE_LABELS)
X_MIN = [3000, 0.0, 0.5] + [-2.0] * 20 + [5.0, 0.0]
X_MAX = [7000, 5.0, 3.0] + [0.5] * 20 + [60.0, 15.0]


def leaky_relu(z):
    return z * (z > 0) + 0.01 * z * (z < 0)


def load_nn(path):
    t = np.load(path)
    return tuple(t[k] for k in ("w_array_0", "w_array_1", "w_array_2", "b_array_0", "b_array_1", "b_array_2", "x_min", "x_max"))


def get_spectrum_from_neural_net(scaled_labels, nn):
    """The Payne's spectral_model.get_spectrum_from_neural_net (einsum, as published)."""
    w0, w1, w2, b0, b1, b2, _, _ = nn
    inside = np.einsum("ij,j->i", w0, scaled_labels) + b0
    outside = np.einsum("ij,j->i", w1, leaky_relu(inside)) + b1
    return np.einsum("ij,j->i", w2, leaky_relu(outside)) + b2


def doppler_shift(wavelength, flux, dv):
    """The Payne's utils.doppler_shift (positive dv: receding)."""
    doppler_factor = np.sqrt((1 - dv / C_KMS) / (1 + dv / C_KMS))
    return np.interp(wavelength * doppler_factor, wavelength, flux)


def make(out_dir, n, seed, hidden=300):
    out = pathlib.Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    wl = np.load(GRID)["wavelength"]
    M, L = wl.size, 25
    rng = np.random.default_rng(seed)
    w0 = rng.normal(0, 1.4 / np.sqrt(L * 0.083), (hidden, L))
    b0 = rng.normal(0, 0.5, hidden)
    w1 = rng.normal(0, np.sqrt(2.0 / hidden), (hidden, hidden))
    b1 = rng.normal(0, 0.1, hidden)
    # hidden activations over the label box, to scale the output layer
    xs = rng.uniform(-0.5, 0.5, (2000, L))
    h = leaky_relu(leaky_relu(xs @ w0.T + b0) @ w1.T + b1)
    hc = h - h.mean(0)
    # absorption lines: position (pixel), width (pixels), mean depth, label dependence (a direction in hidden space)
    n_lines = 600
    centre = np.sort(rng.uniform(0, M, n_lines))
    width = rng.uniform(1.0, 2.5, n_lines)
    depth = rng.uniform(0.03, 0.25, n_lines)
    u = rng.normal(0, 1, (n_lines, hidden))
    u /= (hc @ u.T).std(0)[:, None]  # unit std of the depth modulation over the box
    pix = np.arange(M)
    w2 = np.zeros((M, hidden))
    b2 = np.ones(M)
    for k in range(n_lines):
        lo, hi = int(max(0, centre[k] - 6 * width[k])), int(min(M, centre[k] + 6 * width[k] + 1))
        prof = np.exp(-0.5 * ((pix[lo:hi] - centre[k]) / width[k]) ** 2)
        # depth(labels) = depth_k * (1 + 0.4 * (u_k . (h - mean h)))
        b2[lo:hi] -= depth[k] * prof * (1 - 0.4 * (u[k] @ h.mean(0)))
        w2[lo:hi] -= 0.4 * depth[k] * prof[:, None] * u[k][None, :]
    f32 = np.float32
    np.savez(out / "payne_apogee.npz", w_array_0=w0.astype(f32), w_array_1=w1.astype(f32), w_array_2=w2.astype(f32),
             b_array_0=b0.astype(f32), b_array_1=b1.astype(f32), b_array_2=b2.astype(f32),
             x_min=np.array(X_MIN, dtype=f32), x_max=np.array(X_MAX, dtype=f32))
    nn = load_nn(out / "payne_apogee.npz")
    nn64 = tuple(a.astype(np.float64) for a in nn)
    labels = rng.uniform(-0.35, 0.35, (n, L))
    rv = rng.uniform(-3.0, 3.0, n)
    sigma = np.full((n, M), 0.01)  # S/N 100
    flux = np.empty((n, M))
    for i in range(n):
        flux[i] = doppler_shift(wl, get_spectrum_from_neural_net(labels[i], nn64), rv[i]) + rng.normal(0, 0.01, M)
    mask = np.zeros((n, M), dtype=np.int32)
    mask[:, :EDGE] = 1
    mask[:, -EDGE:] = 1
    np.savez(out / "spectra.npz", wavelength=wl, flux=flux, sigma=sigma, mask=mask, labels_scaled=labels, rv=rv)
    print(json.dumps({"npz": str(out / "payne_apogee.npz"), "spectra": n, "pixels": int(M), "hidden": hidden,
                      "flux_min": float(flux.min()), "flux_max": float(flux.max())}))


def fit(dir_, out_json, n=None):
    d = pathlib.Path(dir_)
    nn = tuple(a.astype(np.float64) for a in load_nn(d / "payne_apogee.npz"))
    s = np.load(d / "spectra.npz")
    wl = s["wavelength"]
    n = s["flux"].shape[0] if n is None else min(int(n), s["flux"].shape[0])
    tol = 5e-4
    num_labels = nn[0].shape[-1] + 1
    calls = [0]

    def fit_func(dummy_variable, *labels):
        calls[0] += 1
        spec = get_spectrum_from_neural_net(np.asarray(labels[:-1]), nn)
        return doppler_shift(wl, spec, labels[-1])

    bounds = np.zeros((2, num_labels))
    bounds[0, :], bounds[1, :] = -0.5, 0.5
    bounds[0, -1], bounds[1, -1] = -5.0, 5.0
    popts, evals, seconds = [], [], []
    t_all = time.perf_counter()
    c_all = time.process_time()
    for i in range(n):
        err = s["sigma"][i].copy()
        err[s["mask"][i] != 0] = 999.0
        calls[0] = 0
        t0 = time.perf_counter()
        popt, _ = curve_fit(fit_func, xdata=[], ydata=s["flux"][i], sigma=err, p0=np.zeros(num_labels), bounds=bounds,
                            ftol=tol, xtol=tol, absolute_sigma=True, method="trf")
        seconds.append(time.perf_counter() - t0)
        popts.append(popt)
        evals.append(calls[0])
    total = time.perf_counter() - t_all
    cpu = time.process_time() - c_all
    popts = np.array(popts)
    sol = {"labels_scaled": popts[:, :-1].tolist(), "rv": popts[:, -1].tolist()}
    pathlib.Path(out_json).write_text(json.dumps(sol))
    print(json.dumps({"seconds": total, "cpu_seconds": cpu, "per_spectrum_s": seconds, "evaluations": evals,
                      "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))


def chi2(dir_, sol_json):
    d = pathlib.Path(dir_)
    nn = tuple(a.astype(np.float64) for a in load_nn(d / "payne_apogee.npz"))
    s = np.load(d / "spectra.npz")
    wl = s["wavelength"]
    sol = json.loads(pathlib.Path(sol_json).read_text())
    out = []
    for i, (lab, rv) in enumerate(zip(sol["labels_scaled"], sol["rv"])):
        if lab is None or rv is None or not np.all(np.isfinite(lab)):
            out.append(None)
            continue
        model = doppler_shift(wl, get_spectrum_from_neural_net(np.asarray(lab, dtype=np.float64), nn), rv)
        use = s["mask"][i] == 0
        out.append(float(np.sum(((s["flux"][i] - model) / s["sigma"][i])[use] ** 2)))
    truth = []
    for i in range(len(out)):
        model = doppler_shift(wl, get_spectrum_from_neural_net(s["labels_scaled"][i], nn), s["rv"][i])
        use = s["mask"][i] == 0
        truth.append(float(np.sum(((s["flux"][i] - model) / s["sigma"][i])[use] ** 2)))
    print(json.dumps({"chi2": out, "chi2_truth": truth, "pixels": int((s["mask"][0] == 0).sum())}))


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "make":
        make(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]) if len(sys.argv) > 5 else 300)
    elif cmd == "fit":
        fit(sys.argv[2], sys.argv[3], sys.argv[4] if len(sys.argv) > 4 else None)
    elif cmd == "chi2":
        chi2(sys.argv[2], sys.argv[3])
    else:
        raise SystemExit(__doc__)
