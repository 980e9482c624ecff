// Public surface of @astroemu/posterior (pinned by test/exports.test.ts).

// Sampling
export { samplePosterior } from './samplePosterior';
export type { SamplePosteriorOptions, PosteriorRun, PosteriorState, SamplerStats } from './samplePosterior';
export type { NutsChainState, NutsDrawStats } from './nutsChain';
export type { EnsembleState } from './stretchMove';

// Model: likelihood, priors, emulator error
export { createLogPosterior } from './logPosterior';
export type { LogPosterior, LogPosteriorOptions, PosteriorModel, PosteriorSpectrum } from './logPosterior';
export { resolvePriors } from './labelPrior';
export type { LabelPrior, ResolvedPrior } from './labelPrior';
export { emulatorVariance } from './emulatorVariance';
export type { EmulatorVarianceOptions } from './emulatorVariance';

// Diagnostics and summaries
export { splitRhat } from './splitRhat';
export { effectiveSampleSize, essBulk, essTail } from './effectiveSampleSize';
export { integratedAutocorrTime } from './integratedAutocorrTime';
export { summarizePosterior, quantileSorted } from './summarizePosterior';
export type { PosteriorSummary, LabelSummary, DiagnosticThresholds } from './summarizePosterior';

// Output
export { writeSamplesArrow, samplesTable } from './writeSamplesArrow';

// Errors
export { PosteriorError } from './errors';
