;; The per-pixel Payne network (The Payne 2018: every pixel its own one-hidden-layer sigmoid MLP) in float64 SIMD:
;;   flux_p = b1_p + Σ_h w1_ph · σ(b0_ph + Σ_k w0_phk · x_k),   ∂flux_p/∂x_k = Σ_h w1_ph · σ(1 − σ) · w0_phk
;; two hidden units per f64x2 lane pair. Weights are packed per pixel by src/perPixelSimd.ts: for each pair of hidden
;; units (H padded to even with zero weights) [b0 pair][w1 pair][w0 pair of label 0] … [w0 pair of label L−1], i.e.
;; (4 + 2L) float64 per pair. One module instance per network (its own memory). σ(a) = 1 / (1 + e^−a) with e^t by
;; Cody–Waite reduction t = k·ln 2 + r (|r| ≤ ln 2 / 2) and the Taylor series of e^r to r¹² (relative error < 2e-16),
;; evaluated by Estrin's scheme (a short dependency chain); t is clamped to [−708, 708], where σ has long saturated.
(module
  (memory (export "memory") 1)

  ;; The network at `count` pixels (i32 list at $pix): flux_p to $flux + 8p; with $jac ≠ 0 also ∂flux_p/∂label_k =
  ;; (∂flux_p/∂x_k) · inv_k to $jac + 8(k·P + p). $x: L v128 (x_k in both lanes); $inv: L f64; $g: L v128 of scratch.
  (func (export "perPixel")
    (param $w i32) (param $b1 i32) (param $x i32) (param $inv i32) (param $g i32) (param $pix i32) (param $count i32)
    (param $P i32) (param $L i32) (param $pairs i32) (param $flux i32) (param $jac i32)
    (local $i i32) (local $p i32) (local $q i32) (local $k i32) (local $base i32) (local $wk i32) (local $stride i32)
    (local $gk i32) (local $t v128) (local $kb v128) (local $kk v128) (local $r v128) (local $r2 v128) (local $r4 v128) (local $e v128) (local $a v128) (local $s v128) (local $ws v128) (local $d v128) (local $f v128)
    (local.set $stride (i32.shl (i32.add (i32.const 4) (i32.shl (local.get $L) (i32.const 1))) (i32.const 3)))
    (block $done
      (loop $pixel
        (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
        (local.set $p (i32.load (i32.add (local.get $pix) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $base (i32.add (local.get $w) (i32.mul (i32.mul (local.get $p) (local.get $pairs)) (local.get $stride))))
        (local.set $f (v128.const i64x2 0 0))
        (if (local.get $jac)
          (then
            (local.set $k (i32.const 0))
            (loop $zero
              (v128.store (i32.add (local.get $g) (i32.shl (local.get $k) (i32.const 4))) (v128.const i64x2 0 0))
              (local.set $k (i32.add (local.get $k) (i32.const 1)))
              (br_if $zero (i32.lt_u (local.get $k) (local.get $L))))))
        (local.set $q (i32.const 0))
        (loop $pair
          ;; a = b0 + Σ_k w0_k · x_k
          (local.set $a (v128.load (local.get $base)))
          (local.set $wk (i32.add (local.get $base) (i32.const 32)))
          (local.set $k (i32.const 0))
          (loop $dot
            (local.set $a
              (f64x2.add (local.get $a)
                (f64x2.mul
                  (v128.load (i32.add (local.get $wk) (i32.shl (local.get $k) (i32.const 4))))
                  (v128.load (i32.add (local.get $x) (i32.shl (local.get $k) (i32.const 4)))))))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br_if $dot (i32.lt_u (local.get $k) (local.get $L))))
          ;; e^−a inline (the same steps as $exp, its Taylor polynomial by Estrin's scheme: a shorter dependency chain)
          ;; t = −a clamped to [−708, 708] (pmin/pmax: one instruction each); k = round(t / ln 2) by the 1.5·2⁵² shifter,
          ;; whose bit pattern then holds k in its low bits ($kb), so 2^k = (kb + 1023) << 52 with no conversion
          (local.set $t (f64x2.pmin (f64x2.splat (f64.const 708)) (f64x2.pmax (f64x2.splat (f64.const -708)) (f64x2.neg (local.get $a)))))
          (local.set $kb (f64x2.add (f64x2.mul (local.get $t) (f64x2.splat (f64.const 1.4426950408889634))) (f64x2.splat (f64.const 6755399441055744))))
          (local.set $kk (f64x2.sub (local.get $kb) (f64x2.splat (f64.const 6755399441055744))))
          (local.set $r
            (f64x2.sub
              (f64x2.sub (local.get $t) (f64x2.mul (local.get $kk) (f64x2.splat (f64.const 6.93147180369123816490e-01))))
              (f64x2.mul (local.get $kk) (f64x2.splat (f64.const 1.90821492927058770002e-10)))))
          (local.set $r2 (f64x2.mul (local.get $r) (local.get $r)))
          (local.set $r4 (f64x2.mul (local.get $r2) (local.get $r2)))
          ;; Σ c_n r^n = (c0 + c1 r + (c2 + c3 r) r²) + r⁴ ((c4 + c5 r + (c6 + c7 r) r²) + r⁴ (c8 + c9 r + (c10 + c11 r) r² + c12 r⁴))
          (local.set $e
            (f64x2.add
              (f64x2.add
                (f64x2.add (f64x2.splat (f64.const 1)) (local.get $r))
                (f64x2.mul (local.get $r2)
                  (f64x2.add (f64x2.splat (f64.const 0.5)) (f64x2.mul (local.get $r) (f64x2.splat (f64.const 1.66666666666666666667e-01))))))
              (f64x2.mul (local.get $r4)
                (f64x2.add
                  (f64x2.add
                    (f64x2.add (f64x2.splat (f64.const 4.16666666666666666667e-02)) (f64x2.mul (local.get $r) (f64x2.splat (f64.const 8.33333333333333333333e-03))))
                    (f64x2.mul (local.get $r2)
                      (f64x2.add (f64x2.splat (f64.const 1.38888888888888888889e-03)) (f64x2.mul (local.get $r) (f64x2.splat (f64.const 1.98412698412698412698e-04))))))
                  (f64x2.mul (local.get $r4)
                    (f64x2.add
                      (f64x2.add
                        (f64x2.add (f64x2.splat (f64.const 2.48015873015873015873e-05)) (f64x2.mul (local.get $r) (f64x2.splat (f64.const 2.75573192239858906526e-06))))
                        (f64x2.mul (local.get $r2)
                          (f64x2.add (f64x2.splat (f64.const 2.75573192239858906526e-07)) (f64x2.mul (local.get $r) (f64x2.splat (f64.const 2.50521083854417187751e-08))))))
                      (f64x2.mul (local.get $r4) (f64x2.splat (f64.const 2.08767569878680989792e-09)))))))))
          (local.set $e
            (f64x2.mul (local.get $e)
              (i64x2.shl (i64x2.add (local.get $kb) (i64x2.splat (i64.const 1023))) (i32.const 52))))
          (local.set $s (f64x2.div (f64x2.splat (f64.const 1)) (f64x2.add (f64x2.splat (f64.const 1)) (local.get $e))))
          (local.set $ws (f64x2.mul (v128.load offset=16 (local.get $base)) (local.get $s)))
          (local.set $f (f64x2.add (local.get $f) (local.get $ws)))
          (if (local.get $jac)
            (then
              (local.set $d (f64x2.mul (local.get $ws) (f64x2.sub (f64x2.splat (f64.const 1)) (local.get $s))))
              (local.set $k (i32.const 0))
              (loop $grad
                (local.set $gk (i32.add (local.get $g) (i32.shl (local.get $k) (i32.const 4))))
                (v128.store (local.get $gk)
                  (f64x2.add (v128.load (local.get $gk))
                    (f64x2.mul (local.get $d) (v128.load (i32.add (local.get $wk) (i32.shl (local.get $k) (i32.const 4)))))))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br_if $grad (i32.lt_u (local.get $k) (local.get $L))))))
          (local.set $base (i32.add (local.get $base) (local.get $stride)))
          (local.set $q (i32.add (local.get $q) (i32.const 1)))
          (br_if $pair (i32.lt_u (local.get $q) (local.get $pairs))))
        (f64.store (i32.add (local.get $flux) (i32.shl (local.get $p) (i32.const 3)))
          (f64.add
            (f64.load (i32.add (local.get $b1) (i32.shl (local.get $p) (i32.const 3))))
            (f64.add (f64x2.extract_lane 0 (local.get $f)) (f64x2.extract_lane 1 (local.get $f)))))
        (if (local.get $jac)
          (then
            (local.set $k (i32.const 0))
            (loop $out
              (local.set $gk (i32.add (local.get $g) (i32.shl (local.get $k) (i32.const 4))))
              (f64.store
                (i32.add (local.get $jac) (i32.shl (i32.add (i32.mul (local.get $k) (local.get $P)) (local.get $p)) (i32.const 3)))
                (f64.mul
                  (f64.add (f64x2.extract_lane 0 (v128.load (local.get $gk))) (f64x2.extract_lane 1 (v128.load (local.get $gk))))
                  (f64.load (i32.add (local.get $inv) (i32.shl (local.get $k) (i32.const 3))))))
              (local.set $k (i32.add (local.get $k) (i32.const 1)))
              (br_if $out (i32.lt_u (local.get $k) (local.get $L))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $pixel))))
)
