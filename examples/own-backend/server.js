#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { createApp } from './app.js';
import { createMemoryStore } from './store.js';

/**
 * node examples/own-backend/server.js [--port 8788] [--host 127.0.0.1] [--data ./fankui-data]
 *
 * Without --data everything lives in memory and is gone at exit.
 */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.PORT ?? '8788' },
    host: { type: 'string', default: '127.0.0.1' },
    data: { type: 'string' },
  },
});

const store = await createMemoryStore(values.data ? { dir: values.data } : {});
const server = createApp({ store }).listen(Number(values.port), values.host, () => {
  const { address, port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  console.log(JSON.stringify({ level: 'info', msg: 'fankui own-backend listening', url: `http://${address}:${port}`, data: values.data ?? null }));
});

for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => server.close(() => process.exit(0)));
