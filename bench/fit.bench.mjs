// Benchmark: label-fitting throughput (packages/inference fitSpectra) vs The Payne's reference scipy curve_fit 'trf'
// fitter. NOT IMPLEMENTED YET: the reference fitter (bench/reference/, 7 214 px, 25 labels + RV, Payne-npz weights via
// packages/payne importPayneNpz) remains to be written. The keys are emitted as null so that --json always has them.
console.log('| fitting | value |\n|---|---|\n| payne_fit_speedup_vs_scipy | not measured yet (scipy reference fitter to be written) |\n| lm_vs_adam_evaluation_ratio | not measured yet |');
console.log('BENCH_JSON ' + JSON.stringify({ payne_fit_speedup_vs_scipy: null, lm_vs_adam_evaluation_ratio: null }));
