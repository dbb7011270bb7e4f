import type { ServerConfig } from '../config';
import type { Store } from '../store/store';
import { KeyedMutex } from './mutex';
import { createNotices, type Notices } from './alerts';
import { createSettings, type Settings } from './settings';
import type { SubscribeService } from './wechat/subscriptions';

/** What the domain functions work with; built once by `createApp`. */
export interface Domain {
  store: Store;
  config: ServerConfig;
  /** The server's clock; tests pass a fixed one. */
  now: () => Date;
  /** Serialises read-modify-write actions on one ticket within this process. */
  ticketLocks: KeyedMutex;
  /** The form, SLA, triage rules and FAQ in force: saved by operators, else the config's. */
  settings: Settings;
  /** Known-issue notices of open spike alerts, which `/v1/config` carries. */
  notices: Notices;
  /** WeChat subscribe messages, when configured (`subscribeEnabled`). */
  subscribe?: SubscribeService | undefined;
}

/**
 * @example const domain = createDomain({ store, config, now: () => new Date() });
 */
export function createDomain(parts: Omit<Domain, 'ticketLocks' | 'settings' | 'notices'>): Domain {
  return { ...parts, ticketLocks: new KeyedMutex(), settings: createSettings(parts.store, parts.config), notices: createNotices(parts.store) };
}
