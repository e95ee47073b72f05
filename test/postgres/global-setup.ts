/**
 * vitest globalSetup of the `postgres` project: one throwaway cluster for the whole run; test
 * files get its URL through `inject('vigilPostgresUrl')` and make a schema per store.
 */
import type { TestProject } from 'vitest/node';
import { startPostgresCluster } from './cluster.js';

declare module 'vitest' {
  export interface ProvidedContext {
    vigilPostgresUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cluster = await startPostgresCluster();
  project.provide('vigilPostgresUrl', cluster.url);
  return () => cluster.stop();
}
