export { Mulberry32, mulberry32 } from './Mulberry32';
export { hashSeed } from './hashSeed';
export { mix32, mixSeeds } from './mixSeeds';
export { gaussian } from './gaussian';
