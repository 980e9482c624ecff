// Voigt function H(a, v) = Re w(v + i a), w the Faddeeva function, by Humlíček's (1982, JQSRT 27,
// 437) four-region rational approximation "W4" (relative error ≲ 1e-4). ∫ H dv = √π; H(0, v) = e^(−v²).

const INV_SQRT_PI = 0.5641895835477563;

/**
 * Voigt function H(a, v) for damping a ≥ 0 and distance from line centre v, both in Doppler widths.
 * Real part of Humlíček's W4 with t = a − i v (symmetric in v).
 */
export function voigtH(a: number, v: number): number {
  const x = v < 0 ? -v : v;
  const y = a;
  const s = x + y;
  // t = y − i x
  if (s >= 15) {
    // Region I: w = t · 0.5641896 / (0.5 + t²)
    const ur = y * y - x * x + 0.5;
    const ui = -2 * x * y;
    // t / u = (y − i x)(ur − i ui) / |u|²
    const d = ur * ur + ui * ui;
    return (INV_SQRT_PI * (y * ur - x * ui)) / d;
  }
  if (s >= 5.5) {
    // Region II: w = t (1.410474 + 0.5641896 u) / (0.75 + u (3 + u)), u = t²
    const ur = y * y - x * x;
    const ui = -2 * x * y;
    const nr = 1.410474 + INV_SQRT_PI * ur;
    const ni = INV_SQRT_PI * ui;
    // numerator t·n
    const tr = y * nr + x * ni;
    const ti = y * ni - x * nr;
    // denominator 0.75 + u(3 + u)
    const dr = 0.75 + ur * (3 + ur) - ui * ui;
    const di = ui * (3 + ur) + ur * ui;
    return (tr * dr + ti * di) / (dr * dr + di * di);
  }
  if (y >= 0.195 * x - 0.176) {
    // Region III: ratio of quintic polynomials in t (Horner in complex arithmetic)
    let nr = 0.5642236;
    let ni = 0;
    let tmp: number;
    // n = ((((0.5642236 t + 3.778987) t + 11.96482) t + 20.20933) t + 16.4955)
    tmp = nr * y + ni * x + 3.778987;
    ni = ni * y - nr * x;
    nr = tmp;
    tmp = nr * y + ni * x + 11.96482;
    ni = ni * y - nr * x;
    nr = tmp;
    tmp = nr * y + ni * x + 20.20933;
    ni = ni * y - nr * x;
    nr = tmp;
    tmp = nr * y + ni * x + 16.4955;
    ni = ni * y - nr * x;
    nr = tmp;
    // d = (((((t + 6.699398) t + 21.69274) t + 39.27121) t + 38.82363) t + 16.4955)
    let dr = y + 6.699398;
    let di = -x;
    tmp = dr * y + di * x + 21.69274;
    di = di * y - dr * x;
    dr = tmp;
    tmp = dr * y + di * x + 39.27121;
    di = di * y - dr * x;
    dr = tmp;
    tmp = dr * y + di * x + 38.82363;
    di = di * y - dr * x;
    dr = tmp;
    tmp = dr * y + di * x + 16.4955;
    di = di * y - dr * x;
    dr = tmp;
    return (nr * dr + ni * di) / (dr * dr + di * di);
  }
  // Region IV: w = exp(u) − t · P(u)/Q(u), u = t²
  const ur = y * y - x * x;
  const ui = -2 * x * y;
  // P(u) = 36183.31 − u(3321.9905 − u(1540.787 − u(219.0313 − u(35.76683 − u(1.320522 − 0.56419 u)))))
  let pr = 1.320522 - 0.56419 * ur;
  let pi = -0.56419 * ui;
  let tmp: number;
  tmp = 35.76683 - (ur * pr - ui * pi);
  pi = -(ur * pi + ui * pr);
  pr = tmp;
  tmp = 219.0313 - (ur * pr - ui * pi);
  pi = -(ur * pi + ui * pr);
  pr = tmp;
  tmp = 1540.787 - (ur * pr - ui * pi);
  pi = -(ur * pi + ui * pr);
  pr = tmp;
  tmp = 3321.9905 - (ur * pr - ui * pi);
  pi = -(ur * pi + ui * pr);
  pr = tmp;
  tmp = 36183.31 - (ur * pr - ui * pi);
  pi = -(ur * pi + ui * pr);
  pr = tmp;
  // Q(u) = 32066.6 − u(24322.84 − u(9022.228 − u(2186.181 − u(364.2191 − u(61.57037 − u(1.841439 − u))))))
  let qr = 1.841439 - ur;
  let qi = -ui;
  tmp = 61.57037 - (ur * qr - ui * qi);
  qi = -(ur * qi + ui * qr);
  qr = tmp;
  tmp = 364.2191 - (ur * qr - ui * qi);
  qi = -(ur * qi + ui * qr);
  qr = tmp;
  tmp = 2186.181 - (ur * qr - ui * qi);
  qi = -(ur * qi + ui * qr);
  qr = tmp;
  tmp = 9022.228 - (ur * qr - ui * qi);
  qi = -(ur * qi + ui * qr);
  qr = tmp;
  tmp = 24322.84 - (ur * qr - ui * qi);
  qi = -(ur * qi + ui * qr);
  qr = tmp;
  tmp = 32066.6 - (ur * qr - ui * qi);
  qi = -(ur * qi + ui * qr);
  qr = tmp;
  // t·P
  const tpr = y * pr + x * pi;
  const tpi = y * pi - x * pr;
  // Re(tP / Q)
  const ratio = (tpr * qr + tpi * qi) / (qr * qr + qi * qi);
  return Math.exp(ur) * Math.cos(ui) - ratio;
}
