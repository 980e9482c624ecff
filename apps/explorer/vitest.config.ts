import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: { name: 'explorer', include: ['test/**/*.test.ts'], testTimeout: 300_000, hookTimeout: 300_000 },
});
