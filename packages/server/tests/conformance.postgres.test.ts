import { afterAll, describe } from 'vitest';
import { describeConformance } from './support/conformance';
import { POSTGRES_HINT } from './support/postgres';
import { postgresStores } from './support/postgres-stores';

const postgres = await postgresStores();
if (!postgres) console.warn(`Skipping the conformance kit over PostgreSQL. ${POSTGRES_HINT}`);
afterAll(() => postgres?.cleanup());

describe.skipIf(!postgres)('postgres', () => {
  if (postgres) describeConformance('postgres', postgres.open);
});
