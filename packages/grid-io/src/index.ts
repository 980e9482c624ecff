// Public surface of @astroemu/grid-io. Each area keeps its own index (explicit named exports).
export * from './fits/index';
export * from './grid/index';
export * from './numpy/index';
export * from './resample/index';
export * from './spectrum/index';
export * from './foreign/index';
