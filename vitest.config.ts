import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against TypeScript sources; processes spawned by e2e tests run the built dist/.
    alias: {
      '@vigil/shared': src('./shared/src/index.ts'),
    },
  },
  test: {
    include: ['{shared,agent,service,gateway,tray-ui}/src/**/*.test.ts', 'test/**/*.test.ts', 'scripts/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
