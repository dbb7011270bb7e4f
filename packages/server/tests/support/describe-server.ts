import { describe } from 'vitest';
import { alertsSuite } from '../suites/alerts';
import { consoleSuite } from '../suites/console';
import { journeySuite } from '../suites/journey';
import { limitsSuite } from '../suites/limits';
import { operatorSuite } from '../suites/operators';
import { privacySuite } from '../suites/privacy';
import { purgeSuite } from '../suites/purge';
import { submissionSuite } from '../suites/submissions';
import { teamsSuite } from '../suites/teams';
import { subscribeSuite } from '../suites/subscribe';
import { webhooksSuite } from '../suites/webhooks';
import type { OpenStore } from './harness';

/**
 * The whole integration suite over real HTTP, against one store implementation. Each
 * part starts its own server on 127.0.0.1 over a fresh store from `openStore`.
 *
 * @example describeServer('sqlite', openTempSqliteStore);
 */
export function describeServer(name: string, openStore: OpenStore): void {
  describe(`server over ${name}`, () => {
    submissionSuite(openStore);
    journeySuite(openStore);
    operatorSuite(openStore);
    consoleSuite(openStore);
    teamsSuite(openStore);
    limitsSuite(openStore);
    purgeSuite(openStore);
    privacySuite(openStore);
    webhooksSuite(openStore);
    alertsSuite(openStore);
    subscribeSuite(openStore);
  });
}
