import { afterAll } from 'vitest';
import { postgresStores } from '../../packages/server/tests/support/postgres-stores';
import { tempSqliteStores } from '../../packages/server/tests/support/sqlite';
import { CHROMIUM_HINT, ensureChromium } from '../support/chromium';
import { consoleJourney } from './support/console-journey';

/**
 * The operator console end to end (issue 11's acceptance): real Debian Chromium through
 * playwright-core, a real fankui-server on 127.0.0.1, on the embedded store and on
 * PostgreSQL. Under CI a missing Chromium or PostgreSQL fails; elsewhere it skips.
 */
const chromiumPath = ensureChromium();
if (!chromiumPath) console.warn(`skipping the console end-to-end test: ${CHROMIUM_HINT}`);

const sqlite = tempSqliteStores();
afterAll(() => sqlite.cleanup());
if (chromiumPath) consoleJourney('sqlite', sqlite.open, chromiumPath);

const postgres = chromiumPath ? await postgresStores() : null;
afterAll(() => postgres?.cleanup());
if (chromiumPath && postgres) consoleJourney('postgres', postgres.open, chromiumPath);
