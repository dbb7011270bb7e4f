import type { TestProject } from 'vitest/node';
import { startPostgres } from './postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL of the run's throw-away PostgreSQL, or null when it is not installed (outside CI). */
    postgresUrl: string | null;
  }
}

/**
 * Vitest global setup: one PostgreSQL cluster for the whole run, shared by every test file
 * (each creates its own database in it), stopped and deleted at the end.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const postgres = await startPostgres();
  project.provide('postgresUrl', postgres?.url ?? null);
  return async () => {
    await postgres?.stop();
  };
}
