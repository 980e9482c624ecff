// NumPy .npy (format 1.0–3.0) and .npz (stored or deflated) readers and writers.
export { NpyError } from './errors';
export type { NpyDtype, NpyData } from './npyDtype';
export type { NpyArray } from './npyArray';
export { parseNpy, readNpy } from './readNpy';
export { encodeNpy } from './encodeNpy';
export type { NpyInput } from './encodeNpy';
export { parseNpz, readNpz, encodeNpz, writeNpy, writeNpz } from './npz';
