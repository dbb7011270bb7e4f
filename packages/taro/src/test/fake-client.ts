import type { Client, ClientEvents, TicketPage } from '@fankui/client';
import { acknowledgementText, DEFAULT_FORM, triage } from '@fankui/core';
import { vi } from 'vitest';

type Listener = (payload: never) => void;

/**
 * A `Client` whose every method is a spy with a sensible answer: submissions are
 * "queued" with core's acknowledgement, the ticket list is empty, the config is the
 * bundled form. Tests replace answers with `mockResolvedValue` and drive events with `emit`.
 */
export function fakeClient(initial: { online?: boolean; pending?: number } = {}) {
  let status = { online: initial.online ?? true, pending: initial.pending ?? 0 };
  const listeners = new Map<string, Set<Listener>>();
  let files = 0;
  const emit = <K extends keyof ClientEvents>(type: K, payload: ClientEvents[K]) => listeners.get(type)?.forEach((listener) => listener(payload as never));
  const emptyPage: TicketPage = { items: [], nextCursor: null, stale: false };
  const client = {
    submit: vi.fn(async (answers: Record<string, unknown>) => {
      const { priority } = triage({ category: answers.category as string, subtypes: answers.subtypes as string[], text: answers.description as string });
      status = { ...status, pending: status.pending + 1 };
      return { localId: 'submission-1', status: 'queued' as const, ack: { message: acknowledgementText(priority), priority } };
    }),
    flush: vi.fn(async () => ({ sent: 0, rejected: 0, dropped: 0, pending: status.pending, retryAt: null })),
    pending: vi.fn(async () => []),
    status: () => status,
    tickets: {
      list: vi.fn<Client['tickets']['list']>(async () => emptyPage),
      get: vi.fn<Client['tickets']['get']>(async () => Promise.reject(Object.assign(new Error('HTTP 404'), { code: 'http_error' }))),
      addMessage: vi.fn<Client['tickets']['addMessage']>(),
      rate: vi.fn<Client['tickets']['rate']>(),
      reopen: vi.fn<Client['tickets']['reopen']>(),
    },
    config: { get: vi.fn(async () => ({ form: DEFAULT_FORM, sla: null, source: 'bundled' as const })) },
    attachments: {
      add: vi.fn(async (_source: unknown) => ({ id: `local-file-${++files}`, size: 2048 })),
      remove: vi.fn(async (_id: string) => undefined),
    },
    on<K extends keyof ClientEvents>(type: K, listener: (payload: ClientEvents[K]) => void) {
      const set = listeners.get(type) ?? new Set<Listener>();
      listeners.set(type, set);
      set.add(listener as Listener);
      return () => void set.delete(listener as Listener);
    },
    ready: async () => undefined,
    close: () => undefined,
    /** Reports a connectivity or queue change, as the real client does. */
    setStatus(next: Partial<ClientEvents['status']>) {
      status = { ...status, ...next };
      emit('status', status);
    },
    emit,
  };
  return client satisfies Client;
}

export type FakeClient = ReturnType<typeof fakeClient>;
