import type { ServerConfig } from '../config';
import type { Store } from '../store/store';
import { KeyedMutex } from './mutex';
import { createSettings, type Settings } from './settings';

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
}

/**
 * @example const domain = createDomain({ store, config, now: () => new Date() });
 */
export function createDomain(parts: Omit<Domain, 'ticketLocks' | 'settings'>): Domain {
  return { ...parts, ticketLocks: new KeyedMutex(), settings: createSettings(parts.store, parts.config) };
}
