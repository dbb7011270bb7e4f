import { afterAll } from 'vitest';
import { describeConformance } from './support/conformance';
import { tempSqliteStores } from './support/sqlite';

const sqlite = tempSqliteStores();
afterAll(sqlite.cleanup);

describeConformance('sqlite', sqlite.open);
