import { afterAll, describe } from 'vitest';
import { describeServer } from './support/describe-server';
import { POSTGRES_HINT } from './support/postgres';
import { postgresStores } from './support/postgres-stores';

const postgres = await postgresStores();
if (!postgres) console.warn(`Skipping the HTTP tests over PostgreSQL. ${POSTGRES_HINT}`);
afterAll(() => postgres?.cleanup());

describe.skipIf(!postgres)('postgres', () => {
  if (postgres) describeServer('postgres', postgres.open);
});
