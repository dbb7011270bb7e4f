import { DEFAULT_FORM } from '@fankui/core';
import { createClient, memoryFiles, memoryLifecycle, memoryNetwork, memoryStorage, type ClientEvents, type ClientOptions } from '../../src/index';
import { createFakeBackend, type FakeBackendOptions } from './fake-backend';

export const ANSWERS = { category: 'payment', subtypes: ['payment_failed'], description: '支付失败但是被扣款了' };

/**
 * A client over memory adapters and the in-memory backend, with every event recorded.
 * Pass `data` to share storage between clients (a restart).
 */
export function setup(options: Partial<ClientOptions> & { data?: Map<string, string>; online?: boolean; backend?: ReturnType<typeof createFakeBackend> } = {}, backendOptions: FakeBackendOptions = {}) {
  const { data = new Map<string, string>(), online = true, backend = createFakeBackend(backendOptions), ...rest } = options;
  const network = memoryNetwork({ online, type: online ? 'wifi' : 'none' });
  const lifecycle = memoryLifecycle();
  const files = memoryFiles();
  const events: { type: keyof ClientEvents; payload: any }[] = [];
  const client = createClient({
    endpoint: 'https://feedback.test/',
    form: DEFAULT_FORM,
    transport: backend.transport,
    storage: memoryStorage({ data }),
    network,
    lifecycle,
    files,
    platform: 'node',
    ...rest,
  });
  for (const type of ['queued', 'sent', 'rejected', 'dropped', 'error', 'status'] as const) client.on(type, (payload) => events.push({ type, payload }));
  return {
    client,
    backend,
    data,
    network,
    lifecycle,
    files,
    events,
    of: <K extends keyof ClientEvents>(type: K): ClientEvents[K][] => events.filter((event) => event.type === type).map((event) => event.payload),
  };
}
