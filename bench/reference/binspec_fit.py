"""Reference fits for bench/binspec.bench.mjs: the published binspec procedure (El-Badry, Ting et al. 2018) — scipy
curve_fit method='trf', ftol = xtol = 5e-4, absolute_sigma, its bounds and its starting guesses — run on OUR numpy
model of the forward models (packages/inference/test/fixtures/binspec_model.py, written from the model definition;
none of binspec's code). Starting guesses, as the published pipeline makes them:
  single (combined spectrum): the Sun [5777, 4.44, 0, 0, 5 km/s, 0], one start; bounds Teff 4200–7000, logg 4–5,
    [Fe/H] −1–0.5, [Mg/Fe] −0.3–0.5, vmacro 0–45, RV ±100.
  binary (combined): from the single-star fit: q = 1, both vmacro = the single's, both RVs = the single's; plus 9 starts
    with q on a grid from q_min (the q at which Teff2 = 4150 K) to 1 and the other labels drawn uniformly near the
    single-star values (Teff −300…+500, logg ±0.2, [Fe/H] ±0.2, [Mg/Fe] ±0.05, vmacro ±10, RVs ±15 km/s); the
    lowest χ² wins, and the single-star model is kept if it beats every binary start.
  SB1 (visits): the Sun's labels and the APOGEE visit velocities; 5 starts (labels as above, RVs ± half the velocity
    spread); RV bounds ±100 km/s around the visit velocities.
  SB2 (visits): the SB1 labels, q = q_dyn = 0.7, vmacro2 = vmacro1, γ = the median visit velocity, primary RVs = the
    visit velocities; 5 starts; q_dyn 0.2–1.5, γ ±100 around the median.
Usage: python3 binspec_fit.py fit DATA_DIR OUT.json   |   python3 binspec_fit.py chi2 DATA_DIR SOLUTIONS.json
Parameter order everywhere: ours (see BINSPEC_MODELS): binary = Teff1, logg1, [Fe/H], [Mg/Fe], vmacro1, vmacro2, q,
rv1, rv2; SB2 = Teff1, logg1, [Fe/H], [Mg/Fe], vmacro1, vmacro2, q, q_dyn, γ, rv1[0…N−1]."""
import json, os, resource, sys, time
import numpy as np
from scipy.optimize import curve_fit

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../packages/inference/test/fixtures"))
import binspec_model as bm  # noqa: E402

TOL = 5e-4
LAB_LO, LAB_HI = [4200, 4.0, -1, -0.3, 0], [7000, 5.0, 0.5, 0.5, 45]


def load(d):
    nets = bm.load(d)
    c = np.load(f"{d}/spectrum_ap_id_2M13012770+5754582_.npz")
    v = np.load(f"{d}/visit_spectra_ap_id_2M06133561+2433362_.npz")
    return nets, (c["spectrum"].astype(float), c["spec_err"].astype(float)), (v["spectra"], v["spec_errs"], v["vhelios"].astype(float))


STARTS = {}  # model name -> the starting vectors it used (bench/binspec.bench.mjs gives ours the same ones)


def run_starts(f, y, s, starts, lo, hi, name=None):
    if name:
        STARTS[name] = [list(map(float, x)) for x in starts]
    best, nfev = None, 0
    for x0 in starts:
        x0 = np.clip(np.asarray(x0, float), np.asarray(lo) + 1e-5, np.asarray(hi) - 1e-5)
        calls = [0]

        def g(_, *p):
            calls[0] += 1
            return f(p)
        try:
            p, _ = curve_fit(g, [], y, p0=x0, sigma=s, bounds=(lo, hi), ftol=TOL, xtol=TOL, absolute_sigma=True, method="trf")
        except RuntimeError:
            p = x0
        nfev += calls[0]
        c = float(np.sum(((f(p) - y) / s) ** 2))
        if best is None or c < best[1]:
            best = (np.asarray(p), c)
    return best[0], best[1], nfev


def jitter(rng, p, lo, hi, widths):
    return [rng.uniform(max(l, x - a), min(h, x + b)) for x, l, h, (a, b) in zip(p, lo, hi, widths)]


LABEL_W = [(300, 500), (0.2, 0.2), (0.2, 0.2), (0.05, 0.05), (10, 10)]


def q_min(nets, teff, logg, feh):
    qs = np.linspace(0.2, 1)
    t2 = [1000 * bm.mlp(nets["t2"], [teff, logg, feh, q])[0] for q in qs]
    return float(np.interp(4150, t2, qs))


def fit_single(nets, y, s):
    lo, hi = LAB_LO + [-100], LAB_HI + [100]
    return run_starts(lambda p: bm.single(nets, p, s), y, s, [[5777, 4.44, 0, 0, 5, 0]], lo, hi, "single")


def fit_binary(nets, y, s, p1, rng):
    qmin = q_min(nets, *p1[:3])
    lo = LAB_LO[:5] + [0, qmin, -100, -100]
    hi = LAB_HI[:5] + [45, 1, 100, 100]
    t, g, fe, mg, vm, rv = p1
    starts = [[t, g, fe, mg, vm, vm, 1, rv, rv]]
    for q in np.linspace(qmin + 1e-5, 1, 10)[:-1]:
        lab = jitter(rng, p1[:5], lo, hi, LABEL_W)
        vm2 = rng.uniform(max(0, vm - 10), min(45, vm + 10))
        starts.append(lab + [vm2, q, rng.uniform(rv - 15, rv + 15), rng.uniform(rv - 15, rv + 15)])
    f = lambda p: bm.binary(nets, p, s)
    p, c, n = run_starts(f, y, s, starts, lo, hi, "binary")
    c_single = float(np.sum(((f(starts[0]) - y) / s) ** 2))
    return (np.asarray(starts[0], float), c_single, n) if c_single < c else (p, c, n)


def fit_sb1(nets, ys, ss, vh, rng):
    lo = LAB_LO + [vh.min() - 100] * len(vh)
    hi = LAB_HI + [vh.max() + 100] * len(vh)
    y, s = np.concatenate(ys), np.concatenate(ss)
    f = lambda p: np.concatenate(bm.sb1(nets, p, ss))
    p0 = [5777, 4.44, 0, 0, 5] + list(vh)
    vr = (vh.max() - vh.min()) / 2
    starts = [p0] + [jitter(rng, p0[:5], lo, hi, LABEL_W) + list(vh + rng.uniform(-vr / 2, vr / 2, len(vh))) for _ in range(4)]
    return run_starts(f, y, s, starts, lo, hi, "sb1")


def fit_sb2(nets, ys, ss, vh, p_sb1, rng):
    med = float(np.median(vh))
    qmin = q_min(nets, *p_sb1[:3])
    lo = LAB_LO[:5] + [0, qmin, 0.2, med - 100] + [vh.min() - 100] * len(vh)
    hi = LAB_HI[:5] + [45, 1, 1.5, med + 100] + [vh.max() + 100] * len(vh)
    y, s = np.concatenate(ys), np.concatenate(ss)
    f = lambda p: np.concatenate(bm.sb2(nets, p, ss))
    p0 = list(p_sb1[:5]) + [p_sb1[4], 0.7, 0.7, med] + list(vh)
    vr = (vh.max() - vh.min()) / 2
    w = LABEL_W[:4] + [(5, 5), (5, 5), (0.1, 0.1), (0.1, 0.1), (vr / 2, vr / 2)]
    starts = [p0] + [jitter(rng, p0[:9], lo, hi, w) + list(vh + rng.uniform(-vr / 2, vr / 2, len(vh))) for _ in range(4)]
    return run_starts(f, y, s, starts, lo, hi, "sb2")


def timed(fn):
    t0, c0 = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - t0, time.process_time() - c0


def main():
    cmd, d = sys.argv[1], sys.argv[2]
    nets, (yc, sc), (yv, sv, vh) = load(d)
    ys, ss = list(yv), list(sv)
    if cmd == "fit":
        rng = np.random.default_rng(1)
        (p1, c1, n1), t1, u1 = timed(lambda: fit_single(nets, yc, sc))
        (p2, c2, n2), t2, u2 = timed(lambda: fit_binary(nets, yc, sc, p1, rng))
        (p3, c3, n3), t3, u3 = timed(lambda: fit_sb1(nets, ys, ss, vh, rng))
        (p4, c4, n4), t4, u4 = timed(lambda: fit_sb2(nets, ys, ss, vh, p3, rng))
        out = {k: {"theta": list(map(float, p)), "chi2": c, "seconds": t, "cpu_seconds": u, "evaluations": n}
               for k, p, c, t, u, n in [("single", p1, c1, t1, u1, n1), ("binary", p2, c2, t2, u2, n2), ("sb1", p3, c3, t3, u3, n3), ("sb2", p4, c4, t4, u4, n4)]}
        out["starts"] = STARTS
        out["maxrss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        json.dump(out, open(sys.argv[3], "w"))
        print(json.dumps({k: (v["chi2"], v["seconds"]) for k, v in out.items() if k not in ("maxrss_kb", "starts")}))
    elif cmd == "chi2":
        sol = json.load(open(sys.argv[3]))
        res = {}
        for k, p in sol.items():
            if k in ("single", "binary"):
                m, y, s = getattr(bm, k)(nets, p, sc), yc, sc
            else:
                m, y, s = np.concatenate(getattr(bm, k)(nets, p, ss)), np.concatenate(ys), np.concatenate(ss)
            res[k] = float(np.sum(((m - y) / s) ** 2))
        print(json.dumps(res))


if __name__ == "__main__":
    main()
