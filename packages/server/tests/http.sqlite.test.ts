import { afterAll } from 'vitest';
import { describeServer } from './support/describe-server';
import { tempSqliteStores } from './support/sqlite';

const sqlite = tempSqliteStores();
afterAll(sqlite.cleanup);

describeServer('sqlite', sqlite.open);
