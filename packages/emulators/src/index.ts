// One front door to every astroemu emulator: open a bundle, predict, fit, save.
export type { EmulatorSource, OpenEmulatorOptions } from './openEmulator';
export { openEmulator } from './openEmulator';
export type { FittedSpectrum } from './EmulatorHandle';
export { EmulatorHandle } from './EmulatorHandle';
export type { LabelVector } from './labelRows';
export { registerBuiltInKinds } from './registerBuiltInKinds';
export type { ModelFluxOptions } from './modelFlux';
export { modelFlux } from './modelFlux';
