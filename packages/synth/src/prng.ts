// Seeded, platform-independent pseudo-random numbers: one copy for all of astroemu, in @astroemu/random.
export { gaussian, hashSeed, mulberry32 } from '@astroemu/random';
