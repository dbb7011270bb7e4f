/**
 * The client on a runtime without ES2018+ built-ins (iOS before 12.2, old Android
 * WebViews): a submission with an image and device facts, queued offline, then delivered,
 * must work with `Object.fromEntries`, `Array.prototype.flat`/`flatMap` and
 * `Promise.prototype.finally` missing, as they are there. Vitest itself needs them, so
 * they are missing only for calls made from the client's sources.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ANSWERS, setup } from './support/setup';

const removed: [object, string, PropertyDescriptor][] = [];
const calledFromClient = () => /packages\/client\/src\//.test(new Error().stack?.split('\n')[3] ?? '');
function remove(owner: object, name: string): void {
  const descriptor = Object.getOwnPropertyDescriptor(owner, name)!;
  removed.push([owner, name, descriptor]);
  const original = descriptor.value as (...args: unknown[]) => unknown;
  Object.defineProperty(owner, name, {
    ...descriptor,
    value(this: unknown, ...args: unknown[]) {
      if (calledFromClient()) throw new TypeError(`${name} is not a function`);
      return original.apply(this, args);
    },
  });
}
afterEach(() => {
  for (const [owner, name, descriptor] of removed.splice(0)) Object.defineProperty(owner, name, descriptor);
});

describe('a runtime without ES2018+ built-ins', () => {
  it('queues a submission with an image and device facts, then delivers it', async () => {
    const { client, backend, network, of } = setup({ online: false, context: () => ({ system: { brand: 'iPhone', SDKVersion: '2.10.4', pixelRatio: 2 } }) });
    remove(Object, 'fromEntries');
    remove(Array.prototype, 'flat');
    remove(Array.prototype, 'flatMap');
    remove(Promise.prototype, 'finally');
    const shot = await client.attachments.add(new Blob([new Uint8Array([137, 80, 78, 71])], { type: 'image/png' }));
    const { localId } = await client.submit({ ...ANSWERS, screenshots: [shot.id] }, { shareContext: true });
    network.set({ online: true });
    const summary = await client.flush();
    expect(summary).toMatchObject({ sent: 1, pending: 0 });
    const delivered = backend.submissions.get(localId)!.submission;
    expect(delivered.attachments).toEqual([...backend.attachments.keys()]);
    expect((delivered.answers as Record<string, unknown>).screenshots).toEqual([...backend.attachments.keys()]);
    expect(delivered.context.system).toEqual({ brand: 'iPhone', SDKVersion: '2.10.4', pixelRatio: 2 });
    expect(of('error')).toEqual([]);
    client.close();
  });
});
