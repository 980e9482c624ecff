;; Fused element-wise kernels of @astroemu/attention, run on the tfjs-backend-wasm heap (its exported memory is
;; imported here, so tensors are read and written in place: every pointer is a byte offset into that heap).
;; Compiled by scripts/buildSimd.mjs (wabt) into src/simd/fusedKernelsWasm.ts. No data segments, no globals, no
;; memory of its own: nothing here writes outside the output tensors it is given.
;;
;; Layout: row-major float32; LayerNorm rows of `dim` values (dim a multiple of 4); element-wise kernels over n ≥ 4
;; values (the last, partial vector is recomputed at n − 4: outputs never alias inputs, so this is idempotent).
(module
  (import "env" "memory" (memory 0))

  ;; horizontal sum of a f32x4
  (func $hsum (param $v v128) (result f32)
    (f32.add
      (f32.add (f32x4.extract_lane 0 (local.get $v)) (f32x4.extract_lane 1 (local.get $v)))
      (f32.add (f32x4.extract_lane 2 (local.get $v)) (f32x4.extract_lane 3 (local.get $v)))))

  ;; tanh GELU: z = x·(c₁ + c₃x²), c₁ = 2√(2/π), c₃ = c₁·0.044715; s = σ(z) = 1/(1 + exp(−z));
  ;;   geluTanh:      y = x·s
  ;;   (its gradient, geluTanhGradFromY below, takes σ = y/x from the forward's output)
  ;; exp(u) as Cephes expf: u clamped to [−87, 88] (2ⁿ stays normal and finite), n = round(u·log₂e) by adding
  ;; 1.5·2²³ (whose float bits then hold n: 2ⁿ is those bits + 127 − 0x4B400000, shifted into the exponent),
  ;; r = u − n·ln 2 in two parts, exp(r) by a degree-6 polynomial; relative error ≈ 2e-7. Measured in V8 (Node 20)
  ;; over 813 k values: 2.9 ms with exp as a function and f32x4.min/max/nearest/trunc_sat, 1.35 ms as written here
  ;; (inlined; pmin/pmax are one instruction each, min/max are NaN-exact sequences; no float→int conversion).
  ;; The loop runs over whole vectors, then once more at n − 4 when n is not a multiple of 4.
  (func (export "geluTanh") (param $x i32) (param $y i32) (param $n i32)
    (local $i i32) (local $last i32) (local $tail i32) (local $o i32)
    (local $v v128) (local $z v128) (local $fx v128) (local $r v128) (local $p v128)
    (local $m v128)
    (local.set $last (i32.sub (local.get $n) (i32.const 4)))
    (block $done (loop $next
      (if (i32.gt_s (local.get $i) (local.get $last)) (then
        (br_if $done (i32.eqz (i32.and (local.get $n) (i32.const 3))))
        (br_if $done (local.get $tail))
        (local.set $i (local.get $last))
        (local.set $tail (i32.const 1))))
      (local.set $o (i32.shl (local.get $i) (i32.const 2)))
      (local.set $v (v128.load align=4 (i32.add (local.get $x) (local.get $o))))
      ;; −z
      (local.set $z (f32x4.mul (local.get $v) (f32x4.add
        (f32x4.mul (f32x4.mul (local.get $v) (local.get $v))
          (v128.const f32x4 -0.0713548162726 -0.0713548162726 -0.0713548162726 -0.0713548162726))
        (v128.const f32x4 -1.59576912161 -1.59576912161 -1.59576912161 -1.59576912161))))
      ;; p = exp(−z)
      (local.set $z (f32x4.pmin (f32x4.pmax (local.get $z) (v128.const f32x4 -87 -87 -87 -87)) (v128.const f32x4 88 88 88 88)))
      (local.set $m (f32x4.add (f32x4.mul (local.get $z) (v128.const f32x4 1.44269504088896341 1.44269504088896341 1.44269504088896341 1.44269504088896341)) (v128.const f32x4 12582912 12582912 12582912 12582912)))
      (local.set $fx (f32x4.sub (local.get $m) (v128.const f32x4 12582912 12582912 12582912 12582912)))
      (local.set $r (f32x4.add (f32x4.sub (local.get $z) (f32x4.mul (local.get $fx)
          (v128.const f32x4 0.693359375 0.693359375 0.693359375 0.693359375)))
        (f32x4.mul (local.get $fx) (v128.const f32x4 2.12194440e-4 2.12194440e-4 2.12194440e-4 2.12194440e-4))))
      (local.set $p (f32x4.add (f32x4.mul
          (v128.const f32x4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4) (local.get $r))
        (v128.const f32x4 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3)))
      (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r))
        (v128.const f32x4 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3)))
      (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r))
        (v128.const f32x4 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2)))
      (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r))
        (v128.const f32x4 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1)))
      (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r))
        (v128.const f32x4 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1)))
      (local.set $p (f32x4.mul
        (f32x4.add (f32x4.add (f32x4.mul (local.get $p) (f32x4.mul (local.get $r) (local.get $r))) (local.get $r))
          (v128.const f32x4 1 1 1 1))
        (i32x4.shl (i32x4.add (local.get $m) (v128.const i32x4 -1262485377 -1262485377 -1262485377 -1262485377))
          (i32.const 23))))
      (v128.store align=4 (i32.add (local.get $y) (local.get $o))
        (f32x4.div (local.get $v) (f32x4.add (v128.const f32x4 1 1 1 1) (local.get $p))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $next))))

  ;; mean of a row of `bytes` bytes
  (func $rowMean (param $p i32) (param $bytes i32) (result f32)
    (local $j i32) (local $acc v128)
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $j) (local.get $bytes)))
      (local.set $acc (f32x4.add (local.get $acc) (v128.load align=4 (i32.add (local.get $p) (local.get $j)))))
      (local.set $j (i32.add (local.get $j) (i32.const 16)))
      (br $next)))
    (f32.div (call $hsum (local.get $acc)) (f32.convert_i32_u (i32.shr_u (local.get $bytes) (i32.const 2)))))

  ;; 1/√(mean((row − mean)²) + ε)
  (func $rowRstd (param $p i32) (param $bytes i32) (param $mean v128) (param $eps f32) (result f32)
    (local $j i32) (local $acc v128) (local $c v128)
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $j) (local.get $bytes)))
      (local.set $c (f32x4.sub (v128.load align=4 (i32.add (local.get $p) (local.get $j))) (local.get $mean)))
      (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $c) (local.get $c))))
      (local.set $j (i32.add (local.get $j) (i32.const 16)))
      (br $next)))
    (f32.div (f32.const 1) (f32.sqrt (f32.add (local.get $eps)
      (f32.div (call $hsum (local.get $acc)) (f32.convert_i32_u (i32.shr_u (local.get $bytes) (i32.const 2))))))))

  ;; dst = (src − mean)·rstd·γ + β for one row (src may be dst)
  (func $normRow (param $src i32) (param $dst i32) (param $g i32) (param $b i32) (param $bytes i32) (param $eps f32)
    (local $j i32) (local $mean v128) (local $r v128)
    (local.set $mean (f32x4.splat (call $rowMean (local.get $src) (local.get $bytes))))
    (local.set $r (f32x4.splat (call $rowRstd (local.get $src) (local.get $bytes) (local.get $mean) (local.get $eps))))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $j) (local.get $bytes)))
      (v128.store align=4 (i32.add (local.get $dst) (local.get $j)) (f32x4.add
        (f32x4.mul
          (f32x4.mul (f32x4.sub (v128.load align=4 (i32.add (local.get $src) (local.get $j))) (local.get $mean)) (local.get $r))
          (v128.load align=4 (i32.add (local.get $g) (local.get $j))))
        (v128.load align=4 (i32.add (local.get $b) (local.get $j)))))
      (local.set $j (i32.add (local.get $j) (i32.const 16)))
      (br $next))))

  ;; LayerNorm over rows: y = (x − mean)/√(var + ε)·γ + β
  (func (export "layerNorm") (param $x i32) (param $g i32) (param $b i32) (param $y i32)
                             (param $rows i32) (param $dim i32) (param $eps f32)
    (local $i i32) (local $bytes i32) (local $o i32)
    (local.set $bytes (i32.shl (local.get $dim) (i32.const 2)))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (local.get $rows)))
      (local.set $o (i32.mul (local.get $i) (local.get $bytes)))
      (call $normRow (i32.add (local.get $x) (local.get $o)) (i32.add (local.get $y) (local.get $o))
                     (local.get $g) (local.get $b) (local.get $bytes) (local.get $eps))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next))))

  ;; dst[0..bytes) = p[0..bytes) + q[0..bytes)
  (func $addRow (param $p i32) (param $q i32) (param $dst i32) (param $bytes i32)
    (local $j i32)
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $j) (local.get $bytes)))
      (v128.store align=4 (i32.add (local.get $dst) (local.get $j))
        (f32x4.add (v128.load align=4 (i32.add (local.get $p) (local.get $j)))
                   (v128.load align=4 (i32.add (local.get $q) (local.get $j)))))
      (local.set $j (i32.add (local.get $j) (i32.const 16)))
      (br $next))))

  ;; ResiDual sub-layer output: s = a + d, pre = c + s, post = LayerNorm(s). a has aRows rows and c cRows rows, each
  ;; a divisor of rows (row i reads row i mod aRows: a [1, Q, d] broadcast over the spectra of d [B, Q, d]).
  (func (export "residualLayerNorm") (param $a i32) (param $aRows i32) (param $d i32) (param $c i32) (param $cRows i32)
                                     (param $g i32) (param $b i32) (param $pre i32) (param $post i32)
                                     (param $rows i32) (param $dim i32) (param $eps f32)
    (local $i i32) (local $bytes i32) (local $o i32) (local $s i32)
    (local.set $bytes (i32.shl (local.get $dim) (i32.const 2)))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (local.get $rows)))
      (local.set $o (i32.mul (local.get $i) (local.get $bytes)))
      (local.set $s (i32.add (local.get $post) (local.get $o)))
      (call $addRow (i32.add (local.get $a) (i32.mul (i32.rem_u (local.get $i) (local.get $aRows)) (local.get $bytes)))
                    (i32.add (local.get $d) (local.get $o)) (local.get $s) (local.get $bytes))
      (call $addRow (i32.add (local.get $c) (i32.mul (i32.rem_u (local.get $i) (local.get $cRows)) (local.get $bytes)))
                    (local.get $s) (i32.add (local.get $pre) (local.get $o)) (local.get $bytes))
      (call $normRow (local.get $s) (local.get $s) (local.get $g) (local.get $b) (local.get $bytes) (local.get $eps))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next))))

  ;; Backward of LayerNorm (and of the residual form): x = a (+ d when d ≠ 0; row i of a is row i mod aRows),
  ;; x̂ = (x − mean)·r, g = dy·γ:
  ;;   dx = r·(g − mean(g) − x̂·mean(g·x̂)) (+ dpre when dpre ≠ 0),   dγ = Σ dy·x̂,   dβ = Σ dy.
  ;; dx is used as the scratch row of x. dγ and dβ are overwritten (zeroed first).
  (func (export "layerNormGrad") (param $a i32) (param $aRows i32) (param $d i32) (param $dy i32) (param $dpre i32)
                                 (param $g i32) (param $dx i32) (param $dg i32) (param $db i32)
                                 (param $rows i32) (param $dim i32) (param $eps f32)
    (local $i i32) (local $j i32) (local $bytes i32) (local $o i32) (local $s i32) (local $pdy i32)
    (local $mean v128) (local $r v128) (local $xh v128) (local $gv v128) (local $dyv v128)
    (local $sg v128) (local $sgx v128) (local $mg v128) (local $mgx v128) (local $n f32)
    (local.set $bytes (i32.shl (local.get $dim) (i32.const 2)))
    (local.set $n (f32.convert_i32_u (local.get $dim)))
    (memory.fill (local.get $dg) (i32.const 0) (local.get $bytes))
    (memory.fill (local.get $db) (i32.const 0) (local.get $bytes))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (local.get $rows)))
      (local.set $o (i32.mul (local.get $i) (local.get $bytes)))
      (local.set $s (i32.add (local.get $dx) (local.get $o)))
      (local.set $pdy (i32.add (local.get $dy) (local.get $o)))
      (if (local.get $d)
        (then (call $addRow (i32.add (local.get $a) (i32.mul (i32.rem_u (local.get $i) (local.get $aRows)) (local.get $bytes)))
                            (i32.add (local.get $d) (local.get $o)) (local.get $s) (local.get $bytes)))
        (else (memory.copy (local.get $s)
                (i32.add (local.get $a) (i32.mul (i32.rem_u (local.get $i) (local.get $aRows)) (local.get $bytes)))
                (local.get $bytes))))
      (local.set $mean (f32x4.splat (call $rowMean (local.get $s) (local.get $bytes))))
      (local.set $r (f32x4.splat (call $rowRstd (local.get $s) (local.get $bytes) (local.get $mean) (local.get $eps))))
      (local.set $sg (v128.const i32x4 0 0 0 0))
      (local.set $sgx (v128.const i32x4 0 0 0 0))
      (local.set $j (i32.const 0))
      (block $d1 (loop $n1
        (br_if $d1 (i32.ge_u (local.get $j) (local.get $bytes)))
        (local.set $xh (f32x4.mul (f32x4.sub (v128.load align=4 (i32.add (local.get $s) (local.get $j))) (local.get $mean)) (local.get $r)))
        (local.set $dyv (v128.load align=4 (i32.add (local.get $pdy) (local.get $j))))
        (local.set $gv (f32x4.mul (local.get $dyv) (v128.load align=4 (i32.add (local.get $g) (local.get $j)))))
        (local.set $sg (f32x4.add (local.get $sg) (local.get $gv)))
        (local.set $sgx (f32x4.add (local.get $sgx) (f32x4.mul (local.get $gv) (local.get $xh))))
        (v128.store align=4 (i32.add (local.get $dg) (local.get $j))
          (f32x4.add (v128.load align=4 (i32.add (local.get $dg) (local.get $j))) (f32x4.mul (local.get $dyv) (local.get $xh))))
        (v128.store align=4 (i32.add (local.get $db) (local.get $j))
          (f32x4.add (v128.load align=4 (i32.add (local.get $db) (local.get $j))) (local.get $dyv)))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $n1)))
      (local.set $mg (f32x4.splat (f32.div (call $hsum (local.get $sg)) (local.get $n))))
      (local.set $mgx (f32x4.splat (f32.div (call $hsum (local.get $sgx)) (local.get $n))))
      (local.set $j (i32.const 0))
      (block $d2 (loop $n2
        (br_if $d2 (i32.ge_u (local.get $j) (local.get $bytes)))
        (local.set $xh (f32x4.mul (f32x4.sub (v128.load align=4 (i32.add (local.get $s) (local.get $j))) (local.get $mean)) (local.get $r)))
        (local.set $gv (f32x4.mul (v128.load align=4 (i32.add (local.get $pdy) (local.get $j)))
                                  (v128.load align=4 (i32.add (local.get $g) (local.get $j)))))
        (local.set $gv (f32x4.mul (local.get $r)
          (f32x4.sub (f32x4.sub (local.get $gv) (local.get $mg)) (f32x4.mul (local.get $xh) (local.get $mgx)))))
        (if (local.get $dpre)
          (then (local.set $gv (f32x4.add (local.get $gv)
                  (v128.load align=4 (i32.add (i32.add (local.get $dpre) (local.get $o)) (local.get $j)))))))
        (v128.store align=4 (i32.add (local.get $s) (local.get $j)) (local.get $gv))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $n2)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next))))

  ;; Σ over rows of x [rows, dim] → out [dim], accumulated in float64 (acc: dim float64 of scratch, overwritten):
  ;; the bias gradients of the dense layers (thousands of rows).
  (func (export "sumRows") (param $x i32) (param $acc i32) (param $out i32) (param $rows i32) (param $dim i32)
    (local $i i32) (local $j i32) (local $bytes i32) (local $p i32) (local $q i32) (local $v v128)
    (local.set $bytes (i32.shl (local.get $dim) (i32.const 2)))
    (memory.fill (local.get $acc) (i32.const 0) (i32.shl (local.get $dim) (i32.const 3)))
    (local.set $p (local.get $x))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (local.get $rows)))
      (local.set $j (i32.const 0))
      (block $d1 (loop $n1
        (br_if $d1 (i32.ge_u (local.get $j) (local.get $bytes)))
        (local.set $v (v128.load align=4 (i32.add (local.get $p) (local.get $j))))
        (local.set $q (i32.add (local.get $acc) (i32.shl (local.get $j) (i32.const 1))))
        (v128.store align=8 (local.get $q)
          (f64x2.add (v128.load align=8 (local.get $q)) (f64x2.promote_low_f32x4 (local.get $v))))
        (v128.store offset=16 align=8 (local.get $q)
          (f64x2.add (v128.load offset=16 align=8 (local.get $q)) (f64x2.promote_low_f32x4
            (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v)))))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $n1)))
      (local.set $p (i32.add (local.get $p) (local.get $bytes)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
    (local.set $j (i32.const 0))
    (block $d2 (loop $n2
      (br_if $d2 (i32.ge_u (local.get $j) (local.get $dim)))
      (f32.store (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 2)))
        (f32.demote_f64 (f64.load (i32.add (local.get $acc) (i32.shl (local.get $j) (i32.const 3))))))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $n2))))

  ;; x [n, r, c] → [n, c, r] (r, c multiples of 4) in 4 × 4 blocks transposed in registers (four shuffles each way),
  ;; 64 input rows at a time so that each output row is written 256 contiguous bytes at a time.
  (func (export "transpose") (param $x i32) (param $y i32) (param $n i32) (param $r i32) (param $c i32)
    (local $b i32) (local $i0 i32) (local $i1 i32) (local $i i32) (local $j i32) (local $src i32) (local $dst i32)
    (local $rowBytes i32) (local $colBytes i32) (local $p i32) (local $q i32)
    (local $a v128) (local $bb v128) (local $cc v128) (local $d v128) (local $t0 v128) (local $t1 v128)
    (local $t2 v128) (local $t3 v128)
    (local.set $rowBytes (i32.shl (local.get $c) (i32.const 2)))
    (local.set $colBytes (i32.shl (local.get $r) (i32.const 2)))
    (block $doneB (loop $nextB
      (br_if $doneB (i32.ge_u (local.get $b) (local.get $n)))
      (local.set $src (i32.add (local.get $x) (i32.mul (local.get $b) (i32.mul (local.get $r) (local.get $rowBytes)))))
      (local.set $dst (i32.add (local.get $y) (i32.mul (local.get $b) (i32.mul (local.get $r) (local.get $rowBytes)))))
      (local.set $i0 (i32.const 0))
      (block $doneI0 (loop $nextI0
        (br_if $doneI0 (i32.ge_u (local.get $i0) (local.get $r)))
        (local.set $i1 (i32.add (local.get $i0) (i32.const 64)))
        (if (i32.gt_u (local.get $i1) (local.get $r)) (then (local.set $i1 (local.get $r))))
        (local.set $j (i32.const 0))
        (block $doneJ (loop $nextJ
          (br_if $doneJ (i32.ge_u (local.get $j) (local.get $c)))
          (local.set $i (local.get $i0))
          (block $doneI (loop $nextI
            (br_if $doneI (i32.ge_u (local.get $i) (local.get $i1)))
            ;; rows i..i+3, columns j..j+3 of x
            (local.set $p (i32.add (local.get $src)
              (i32.add (i32.mul (local.get $i) (local.get $rowBytes)) (i32.shl (local.get $j) (i32.const 2)))))
            (local.set $a (v128.load align=4 (local.get $p)))
            (local.set $bb (v128.load align=4 (i32.add (local.get $p) (local.get $rowBytes))))
            (local.set $cc (v128.load align=4 (i32.add (local.get $p) (i32.shl (local.get $rowBytes) (i32.const 1)))))
            (local.set $d (v128.load align=4 (i32.add (local.get $p) (i32.mul (local.get $rowBytes) (i32.const 3)))))
            (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $a) (local.get $bb)))
            (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $a) (local.get $bb)))
            (local.set $t2 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $cc) (local.get $d)))
            (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $cc) (local.get $d)))
            ;; rows j..j+3, columns i..i+3 of y
            (local.set $q (i32.add (local.get $dst)
              (i32.add (i32.mul (local.get $j) (local.get $colBytes)) (i32.shl (local.get $i) (i32.const 2)))))
            (v128.store align=4 (local.get $q)
              (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t2)))
            (v128.store align=4 (i32.add (local.get $q) (local.get $colBytes))
              (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t2)))
            (v128.store align=4 (i32.add (local.get $q) (i32.shl (local.get $colBytes) (i32.const 1)))
              (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $t3)))
            (v128.store align=4 (i32.add (local.get $q) (i32.mul (local.get $colBytes) (i32.const 3)))
              (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t1) (local.get $t3)))
            (local.set $i (i32.add (local.get $i) (i32.const 4)))
            (br $nextI)))
          (local.set $j (i32.add (local.get $j) (i32.const 4)))
          (br $nextJ)))
        (local.set $i0 (local.get $i1))
        (br $nextI0)))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (br $nextB))))

  ;; c[i] = a[i] · b[i] for i < batch, a [m, k], b [k, n], n a multiple of 8: each 8-wide strip of a row of c is
  ;; accumulated in two registers over k (the attention's small products, k or n = heads × tokens).
  (func (export "batchedMatMul") (param $a i32) (param $b i32) (param $c i32) (param $batch i32)
                                 (param $m i32) (param $k i32) (param $n i32)
    (local $bi i32) (local $i i32) (local $j i32) (local $kk i32) (local $pa i32) (local $pb i32) (local $pc i32)
    (local $arow i32) (local $crow i32) (local $q i32) (local $nBytes i32) (local $kBytes i32)
    (local $s v128) (local $acc0 v128) (local $acc1 v128)
    (local.set $nBytes (i32.shl (local.get $n) (i32.const 2)))
    (local.set $kBytes (i32.shl (local.get $k) (i32.const 2)))
    (local.set $pa (local.get $a))
    (local.set $pb (local.get $b))
    (local.set $pc (local.get $c))
    (block $doneB (loop $nextB
      (br_if $doneB (i32.ge_u (local.get $bi) (local.get $batch)))
      (local.set $i (i32.const 0))
      (block $doneI (loop $nextI
        (br_if $doneI (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $arow (i32.add (local.get $pa) (i32.mul (local.get $i) (local.get $kBytes))))
        (local.set $crow (i32.add (local.get $pc) (i32.mul (local.get $i) (local.get $nBytes))))
        (local.set $j (i32.const 0))
        (block $doneJ (loop $nextJ
          (br_if $doneJ (i32.ge_u (local.get $j) (local.get $nBytes)))
          (local.set $acc0 (v128.const i32x4 0 0 0 0))
          (local.set $acc1 (v128.const i32x4 0 0 0 0))
          (local.set $q (i32.add (local.get $pb) (local.get $j)))
          (local.set $kk (i32.const 0))
          (block $doneK (loop $nextK
            (br_if $doneK (i32.ge_u (local.get $kk) (local.get $kBytes)))
            (local.set $s (v128.load32_splat (i32.add (local.get $arow) (local.get $kk))))
            (local.set $acc0 (f32x4.add (local.get $acc0) (f32x4.mul (local.get $s) (v128.load align=4 (local.get $q)))))
            (local.set $acc1 (f32x4.add (local.get $acc1)
              (f32x4.mul (local.get $s) (v128.load offset=16 align=4 (local.get $q)))))
            (local.set $q (i32.add (local.get $q) (local.get $nBytes)))
            (local.set $kk (i32.add (local.get $kk) (i32.const 4)))
            (br $nextK)))
          (v128.store align=4 (i32.add (local.get $crow) (local.get $j)) (local.get $acc0))
          (v128.store offset=16 align=4 (i32.add (local.get $crow) (local.get $j)) (local.get $acc1))
          (local.set $j (i32.add (local.get $j) (i32.const 32)))
          (br $nextJ)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $nextI)))
      (local.set $pa (i32.add (local.get $pa) (i32.mul (local.get $m) (local.get $kBytes))))
      (local.set $pb (i32.add (local.get $pb) (i32.mul (local.get $k) (local.get $nBytes))))
      (local.set $pc (i32.add (local.get $pc) (i32.mul (local.get $m) (local.get $nBytes))))
      (local.set $bi (i32.add (local.get $bi) (i32.const 1)))
      (br $nextB))))

  ;; exp of four floats, as inlined in the GELU kernels (a function here: the softmax's data are small)
  (func $exp4 (param $z v128) (result v128)
    (local $m v128) (local $fx v128) (local $r v128) (local $p v128)
    (local.set $z (f32x4.pmin (f32x4.pmax (local.get $z) (v128.const f32x4 -87 -87 -87 -87)) (v128.const f32x4 88 88 88 88)))
    (local.set $m (f32x4.add (f32x4.mul (local.get $z) (v128.const f32x4 1.44269504088896341 1.44269504088896341 1.44269504088896341 1.44269504088896341)) (v128.const f32x4 12582912 12582912 12582912 12582912)))
    (local.set $fx (f32x4.sub (local.get $m) (v128.const f32x4 12582912 12582912 12582912 12582912)))
    (local.set $r (f32x4.add (f32x4.sub (local.get $z) (f32x4.mul (local.get $fx)
        (v128.const f32x4 0.693359375 0.693359375 0.693359375 0.693359375)))
      (f32x4.mul (local.get $fx) (v128.const f32x4 2.12194440e-4 2.12194440e-4 2.12194440e-4 2.12194440e-4))))
    (local.set $p (f32x4.add (f32x4.mul
        (v128.const f32x4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4) (local.get $r))
      (v128.const f32x4 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r))
      (v128.const f32x4 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r))
      (v128.const f32x4 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r))
      (v128.const f32x4 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r))
      (v128.const f32x4 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1)))
    (f32x4.mul
      (f32x4.add (f32x4.add (f32x4.mul (local.get $p) (f32x4.mul (local.get $r) (local.get $r))) (local.get $r))
        (v128.const f32x4 1 1 1 1))
      (i32x4.shl (i32x4.add (local.get $m) (v128.const i32x4 -1262485377 -1262485377 -1262485377 -1262485377))
        (i32.const 23))))

  ;; largest of the four lanes, in every lane
  (func $hmax (param $v v128) (result v128)
    (local.set $v (f32x4.pmax (local.get $v) (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v))))
    (f32x4.pmax (local.get $v) (i8x16.shuffle 4 5 6 7 0 1 2 3 12 13 14 15 8 9 10 11 (local.get $v) (local.get $v))))

  ;; softmax over each group of t consecutive values (t a multiple of 4; `groups` groups): y = exp(x − max) / Σ
  ;; (the folded attention's per-head softmax over the tokens, without reshapes)
  (func (export "groupSoftmax") (param $x i32) (param $y i32) (param $groups i32) (param $t i32)
    (local $g i32) (local $j i32) (local $bytes i32) (local $px i32) (local $py i32) (local $mx v128) (local $e v128)
    (local $sum v128)
    (local.set $bytes (i32.shl (local.get $t) (i32.const 2)))
    (local.set $px (local.get $x))
    (local.set $py (local.get $y))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $g) (local.get $groups)))
      (local.set $mx (v128.load align=4 (local.get $px)))
      (local.set $j (i32.const 16))
      (block $d1 (loop $n1
        (br_if $d1 (i32.ge_u (local.get $j) (local.get $bytes)))
        (local.set $mx (f32x4.pmax (local.get $mx) (v128.load align=4 (i32.add (local.get $px) (local.get $j)))))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $n1)))
      (local.set $mx (call $hmax (local.get $mx)))
      (local.set $sum (v128.const i32x4 0 0 0 0))
      (local.set $j (i32.const 0))
      (block $d2 (loop $n2
        (br_if $d2 (i32.ge_u (local.get $j) (local.get $bytes)))
        (local.set $e (call $exp4 (f32x4.sub (v128.load align=4 (i32.add (local.get $px) (local.get $j))) (local.get $mx))))
        (v128.store align=4 (i32.add (local.get $py) (local.get $j)) (local.get $e))
        (local.set $sum (f32x4.add (local.get $sum) (local.get $e)))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $n2)))
      (local.set $sum (f32x4.splat (f32.div (f32.const 1) (call $hsum (local.get $sum)))))
      (local.set $j (i32.const 0))
      (block $d3 (loop $n3
        (br_if $d3 (i32.ge_u (local.get $j) (local.get $bytes)))
        (v128.store align=4 (i32.add (local.get $py) (local.get $j))
          (f32x4.mul (v128.load align=4 (i32.add (local.get $py) (local.get $j))) (local.get $sum)))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $n3)))
      (local.set $px (i32.add (local.get $px) (local.get $bytes)))
      (local.set $py (i32.add (local.get $py) (local.get $bytes)))
      (local.set $g (i32.add (local.get $g) (i32.const 1)))
      (br $next))))

  ;; its gradient: dx = y·(dy − Σ_group dy·y)
  (func (export "groupSoftmaxGrad") (param $y i32) (param $dy i32) (param $dx i32) (param $groups i32) (param $t i32)
    (local $g i32) (local $j i32) (local $bytes i32) (local $o i32) (local $acc v128)
    (local.set $bytes (i32.shl (local.get $t) (i32.const 2)))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $g) (local.get $groups)))
      (local.set $acc (v128.const i32x4 0 0 0 0))
      (local.set $j (i32.const 0))
      (block $d1 (loop $n1
        (br_if $d1 (i32.ge_u (local.get $j) (local.get $bytes)))
        (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul
          (v128.load align=4 (i32.add (local.get $y) (i32.add (local.get $o) (local.get $j))))
          (v128.load align=4 (i32.add (local.get $dy) (i32.add (local.get $o) (local.get $j)))))))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $n1)))
      (local.set $acc (f32x4.splat (call $hsum (local.get $acc))))
      (local.set $j (i32.const 0))
      (block $d2 (loop $n2
        (br_if $d2 (i32.ge_u (local.get $j) (local.get $bytes)))
        (v128.store align=4 (i32.add (local.get $dx) (i32.add (local.get $o) (local.get $j)))
          (f32x4.mul (v128.load align=4 (i32.add (local.get $y) (i32.add (local.get $o) (local.get $j))))
            (f32x4.sub (v128.load align=4 (i32.add (local.get $dy) (i32.add (local.get $o) (local.get $j))))
              (local.get $acc))))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $n2)))
      (local.set $o (i32.add (local.get $o) (local.get $bytes)))
      (local.set $g (i32.add (local.get $g) (i32.const 1)))
      (br $next))))

  ;; tanh-GELU gradient from x and y = x·s (the forward's output), no exp: s = y / x, or, for |x| < 1e-3,
  ;; s = ½ + c₁x/4 (σ(z) = ½ + z/4 + O(z³), error < 1e-10 there); dx = dy·(s + x·s·(1 − s)·(c₁ + 3c₃x²)).
  (func (export "geluTanhGradFromY") (param $x i32) (param $y i32) (param $dy i32) (param $dx i32) (param $n i32)
    (local $i i32) (local $last i32) (local $tail i32) (local $o i32) (local $v v128) (local $s v128)
    (local.set $last (i32.sub (local.get $n) (i32.const 4)))
    (block $done (loop $next
      (if (i32.gt_s (local.get $i) (local.get $last)) (then
        (br_if $done (i32.eqz (i32.and (local.get $n) (i32.const 3))))
        (br_if $done (local.get $tail))
        (local.set $i (local.get $last))
        (local.set $tail (i32.const 1))))
      (local.set $o (i32.shl (local.get $i) (i32.const 2)))
      (local.set $v (v128.load align=4 (i32.add (local.get $x) (local.get $o))))
      (local.set $s (v128.bitselect
        (f32x4.add (v128.const f32x4 0.5 0.5 0.5 0.5)
          (f32x4.mul (local.get $v) (v128.const f32x4 0.398942280403 0.398942280403 0.398942280403 0.398942280403)))
        (f32x4.div (v128.load align=4 (i32.add (local.get $y) (local.get $o))) (local.get $v))
        (f32x4.lt (f32x4.abs (local.get $v)) (v128.const f32x4 1e-3 1e-3 1e-3 1e-3))))
      (v128.store align=4 (i32.add (local.get $dx) (local.get $o))
        (f32x4.mul (v128.load align=4 (i32.add (local.get $dy) (local.get $o))) (f32x4.add (local.get $s)
          (f32x4.mul (f32x4.mul (local.get $v) (f32x4.mul (local.get $s) (f32x4.sub (v128.const f32x4 1 1 1 1) (local.get $s))))
            (f32x4.add (f32x4.mul (f32x4.mul (local.get $v) (local.get $v))
                (v128.const f32x4 0.2140644488178 0.2140644488178 0.2140644488178 0.2140644488178))
              (v128.const f32x4 1.59576912161 1.59576912161 1.59576912161 1.59576912161))))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $next))))
)
