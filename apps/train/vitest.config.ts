import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: { name: 'train-app', include: ['test/**/*.test.ts'], testTimeout: 300_000 },
});
