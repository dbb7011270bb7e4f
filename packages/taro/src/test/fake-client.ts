import { ClientError, type AttachmentRef, type Client, type ClientConfig, type ClientEvents, type Deflection, type TicketPage } from '@fankui/client';
import { acknowledgementText, DEFAULT_FORM, triage } from '@fankui/core';
import { vi } from 'vitest';

type Listener = (payload: never) => void;

const isText = (value: unknown, min: number) => typeof value === 'string' && value.length >= min && value.length <= 64;

/**
 * A `Client` whose every method is a spy with a sensible answer, behaving like a Taro
 * client's: submissions are "queued" with core's acknowledgement, the ticket list is
 * empty, the config is the bundled form (`config.current()` answers what the last
 * `config.get()` brought, whatever a test made it answer), deflections are checked and
 * stored, picked images are kept with a `uri` (a `USER_DATA_PATH` copy for a path, a
 * `blob:` URL for an H5 File). `attachments: false` is a client without a file adapter:
 * `supported` is false and `add` rejects with `unsupported`. Tests replace answers with
 * `mockResolvedValue` and drive events with `emit`.
 */
export function fakeClient(initial: { online?: boolean; pending?: number; attachments?: boolean } = {}) {
  let status = { online: initial.online ?? true, pending: initial.pending ?? 0 };
  const listeners = new Map<string, Set<Listener>>();
  let files = 0;
  const emit = <K extends keyof ClientEvents>(type: K, payload: ClientEvents[K]) => listeners.get(type)?.forEach((listener) => listener(payload as never));
  const emptyPage: TicketPage = { items: [], nextCursor: null, stale: false };
  const supported = initial.attachments ?? true;
  const unsupported = () => new ClientError('unsupported', 'Attachments need a file adapter (`files` option)');
  const recorded: Deflection[] = [];
  const bundled: ClientConfig = { form: DEFAULT_FORM, sla: null, source: 'bundled' };
  const get = vi.fn(async (): Promise<ClientConfig> => bundled);
  const config = {
    get,
    /** The answer of the last `config.get()` that resolved, else the bundled form: synchronous. */
    current: vi.fn((): ClientConfig => {
      const answers = get.mock.settledResults.filter((result) => result.type === 'fulfilled');
      return answers.length > 0 ? answers[answers.length - 1]!.value : bundled;
    }),
  };
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
    config,
    attachments: {
      supported,
      add: vi.fn(async (source: unknown): Promise<AttachmentRef> => {
        if (!supported) throw unsupported();
        const id = `local-file-${++files}`;
        return { id, size: 2048, uri: typeof source === 'string' ? `wxfile://usr/fankui-${id}` : `blob:http://localhost/${id}` };
      }),
      remove: vi.fn(async (_id: string) => {
        if (!supported) throw unsupported();
      }),
      // Like the client over Taro H5: `Taro.request` cannot hand back bytes to show.
      view: vi.fn(async (_id: string): Promise<string> => {
        throw new ClientError('unsupported', 'This platform cannot download attachments');
      }),
    },
    deflections: {
      /** Like the client's: checked, then stored (`recorded`) to be sent; never a network failure. */
      record: vi.fn(async (deflection: Deflection) => {
        const { articleId, category } = deflection;
        if (!isText(articleId, 1) || !(category === undefined || isText(category, 0))) {
          throw new ClientError('invalid_deflection', 'Invalid deflection: articleId 1–64 characters, category ≤ 64', { articleId, category });
        }
        recorded.push(category === undefined ? { articleId } : { articleId, category });
      }),
    },
    /** The reporter's data: an export with nothing in it; erasing resolves. */
    privacy: {
      export: vi.fn(async () => ({ exportedAt: new Date().toISOString(), tickets: [], attachments: [], deflections: [] })),
      erase: vi.fn(async () => undefined),
    },
    /** The deflections `deflections.record` stored, oldest first. */
    recorded,
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
