import type { ServerConfig } from '../config';
import type { Store } from '../store/store';
import { KeyedMutex } from './mutex';

/** What the domain functions work with; built once by `createApp`. */
export interface Domain {
  store: Store;
  config: ServerConfig;
  /** The server's clock; tests pass a fixed one. */
  now: () => Date;
  /** Serialises read-modify-write actions on one ticket within this process. */
  ticketLocks: KeyedMutex;
}

/**
 * @example const domain = createDomain({ store, config, now: () => new Date() });
 */
export function createDomain(parts: Omit<Domain, 'ticketLocks'>): Domain {
  return { ...parts, ticketLocks: new KeyedMutex() };
}
