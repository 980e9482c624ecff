import { defineConfig } from 'vitest/config';

// One run over every package: each package has its own vitest.config.ts (defineProject).
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*'],
  },
});
