import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { RequestHandler } from 'express';
import { createApp } from '../../examples/own-backend/app.js';
import { errorHandler } from '../../examples/own-backend/errors.js';
import { createMemoryStore, type Store } from '../../examples/own-backend/store.js';

/** The Express the example runs on (5.x, from its own node_modules; the root one is 4.x). */
export const express: typeof import('express') = createRequire(new URL('../../examples/own-backend/app.js', import.meta.url))('express');

/**
 * Runs examples/own-backend in-process on 127.0.0.1 (a random port), optionally with
 * middleware in front of its routes or its store wrapped — how the tests make the
 * deliberately broken variants without a single "break me" switch in the example.
 */
export interface OwnBackendOptions {
  /** Middleware that sees every request before the example's own routes. */
  before?: RequestHandler[];
  /** Wraps the example's store (e.g. one that forgets client ids). */
  wrapStore?: (store: Store) => Store;
  /** The store to use (shared between two instances, e.g. across a form change). */
  store?: Store;
  /** Passed to createApp. */
  app?: Omit<Parameters<typeof createApp>[0], 'store'>;
}

export interface RunningBackend {
  url: string;
  store: Store;
  close(): Promise<void>;
}

export async function startOwnBackend(options: OwnBackendOptions = {}): Promise<RunningBackend> {
  const inner = options.store ?? (await createMemoryStore());
  const store = options.wrapStore ? options.wrapStore(inner) : inner;
  const example = createApp({ ...options.app, store });
  // In front of the example, errors of the extra middleware get the example's uniform body too.
  const app = options.before?.length ? express().set('etag', false).use(...options.before).use(example).use(errorHandler) : example;
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    store: inner,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
