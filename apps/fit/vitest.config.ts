import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: { name: 'fit-app', include: ['test/**/*.test.ts'], testTimeout: 300_000 },
});
