import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

const src = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// Service tests that touch a store run twice: in `default` on SQLite, in `postgres` on a
// throwaway PostgreSQL cluster (test/postgres/). These need no store and run once.
const STORE_FREE_SERVICE_TESTS = [
  'service/src/appraisal/appraisal-pool.test.ts',
  'service/src/appraisal/result-keys.test.ts',
  'service/src/ca/**',
  'service/src/caep/transmitter.test.ts',
  'service/src/cli/caep-receivers.test.ts',
  'service/src/routes/challenges/nonce-source.test.ts',
  'service/src/store/location.test.ts',
  'service/src/store/migrations/**',
  'service/src/store/sqlite/**',
  // Fuzz tests open their own SQLite store: they read its tables to prove a rejection stored nothing.
  'service/src/**/*.fuzz.test.ts',
];
// `*.postgres.test.ts`: PostgreSQL-only (migration lock, races between replicas, shared keys).
const POSTGRES_ONLY_TESTS = ['**/*.postgres.test.ts'];

export default defineConfig({
  resolve: {
    // Tests run against TypeScript sources; processes spawned by e2e tests run the built dist/.
    alias: [
      { find: /^@vigil\/shared$/, replacement: src('./shared/src/index.ts') },
      { find: /^@vigil\/shared\/core$/, replacement: src('./shared/src/core.ts') },
      { find: /^@vigil\/shared\/policy$/, replacement: src('./shared/src/policy/index.ts') },
      { find: /^@vigil\/shared\/status-socket$/, replacement: src('./shared/src/status-api/socket-exchange.ts') },
    ],
  },
  test: {
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'default',
          include: [
            '{shared,agent,service,gateway,tray-ui}/src/**/*.test.ts',
            'test/**/*.test.ts',
            'scripts/**/*.test.ts',
          ],
          exclude: [...configDefaults.exclude, ...POSTGRES_ONLY_TESTS],
        },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: ['service/src/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...STORE_FREE_SERVICE_TESTS],
          globalSetup: ['test/postgres/global-setup.ts'],
          setupFiles: ['test/postgres/use-postgres-stores.ts'],
        },
      },
    ],
  },
});
