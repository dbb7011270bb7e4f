import {
  CATEGORY_FIELD,
  DEFAULT_SLA_POLICY,
  DESCRIPTION_FIELD,
  FORBIDDEN_KEYS,
  LIMITS,
  SUBTYPES_FIELD,
  acknowledgementText,
  prioritize,
  type FormDefinition,
  type ReporterExport,
  type SubmissionInput,
} from '@fankui/core';
import type { NetworkStatus, RandomSource, StorageAdapter } from './adapters/types';
import { createAttachments, type Attachments } from './attachments';
import { createConfig, type ClientConfig } from './config';
import { createDeflections, type Deflections } from './deflections';
import { createEmitter } from './emitter';
import { ClientError, InvalidAnswersError } from './errors';
import type { ClientEvents, SubmitAck } from './events';
import { isCreated, isObject } from './guards';
import { createHttp } from './http';
import { createIdentity } from './identity';
import { uuidv7, weakRandom } from './ids';
import { LOCAL_FILE_PREFIX, type QueuedItem } from './queue/item';
import { asClientError, createQueue, idleSummary, type FlushSummary } from './queue/queue';
import { onceUnlessFailed } from './promises';
import { createQueueStore } from './queue/store';
import { normalizeOptions, SDK_VERSION, type ClientOptions, type SubmissionFacts } from './options';
import { KEYS, parseStored, STORAGE_VERSION } from './storage-keys';
import { createTickets, rowOf, type TicketRow, type Tickets } from './tickets';

/** The reporter's rights over their data, at the backend and on this device. */
export interface Privacy {
  /**
   * Everything the backend holds of this reporter (`GET /v1/me/export`): their tickets with
   * answers, contact, device context and timeline, their attachments (metadata and download
   * paths) and self-help deflections. Rejects with `HttpError`, `NetworkError` or
   * `TimeoutError` when it cannot be read.
   *
   * @example const data = await client.privacy.export(); // data.tickets[0].answers
   */
  export(): Promise<ReporterExport>;
  /**
   * Erases the reporter's data at the backend (`DELETE /v1/me`: irreversible), then on this
   * device: submissions still queued are discarded unsent (a `dropped` event each, reason
   * `erased`: sent later, they would create data again), cached tickets and deflections are
   * removed, and the reporter secret is replaced by a new one. Sends in flight finish first,
   * so nothing reaches the backend after the erasure. When the backend cannot be reached it
   * rejects and nothing here changes.
   *
   * @example await client.privacy.erase(); wx.showToast({ title: '已删除你的反馈数据' });
   */
  erase(): Promise<void>;
}

/** How a submission is sent, beside its answers. */
export interface SubmitOptions {
  /** Contact details (`{ phone?, email?, wechat?, name? }`), kept only with `consent`. */
  contact?: unknown;
  /** The reporter agreed to be contacted. */
  consent?: boolean;
  /**
   * The reporter agreed to share device facts (app version, page, network, the `context`
   * option's `system`) to help find the problem. Without it only the platform, SDK version
   * and locale are sent: the rest never leaves the device.
   */
  shareContext?: boolean;
  /** Local attachment ids (from `attachments.add`) not already in an `images` answer. */
  attachments?: string[];
  /**
   * The subscribe-message template ids the reporter accepted in the submit tap (`askSubscribe`):
   * the server sends one message per template when the ticket moves. With `loginCode` set
   * (`subscribe: true` in the mini-program entries) a fresh `wx.login` code goes along.
   */
  subscriptions?: string[];
  /** The form the answers belong to. Default: the current config's form. */
  form?: FormDefinition;
}

/** What `submit()` resolves with once the submission is durable. */
export interface SubmitReceipt {
  /** The submission's id (its idempotency key), also the `localId` of its events. */
  localId: string;
  status: 'queued';
  /** What to show now: "已收到，正在处理中，我们将在 30 分钟内回复". */
  ack: SubmitAck;
}

/**
 * What a client offers: what `createClient` and the platform entries return, and what the
 * UI packages take (a test double implements all of it).
 */
export interface Client {
  /**
   * Stores the submission durably, then resolves with its local id and the response-time
   * promise to show (priority from core's `triage`). It never rejects for network reasons
   * (the queue sends it when it can); it rejects with `InvalidAnswersError` for answers the
   * `validate` hook refuses, and with `StorageFullError` when even evicting cannot make room.
   *
   * @example
   * const receipt = await client.submit({ category: 'payment', subtypes: ['payment_failed'], description: '支付失败但是被扣款了' });
   * showToast(receipt.ack.message); // 已收到，正在处理中，我们将在 30 分钟内回复
   */
  submit(answers: Record<string, unknown>, options?: SubmitOptions): Promise<SubmitReceipt>;
  /**
   * Sends what is queued now (it also happens on its own: on submit, when the network
   * comes back, when the app shows, and on a backoff timer). Never rejects: problems are
   * in the summary (`error`, `retryAt`) and the `error` event.
   *
   * @example const { sent, pending } = await client.flush();
   */
  flush(): Promise<FlushSummary>;
  /**
   * The submissions still queued, oldest first, as rows for "我的反馈" (`pending: true`).
   *
   * @example (await client.pending()).length // 2 → "待发送 (2)"
   */
  pending(): Promise<TicketRow[]>;
  /**
   * Connectivity as last reported and the number of queued submissions.
   *
   * @example client.status() // { online: false, pending: 2 }
   */
  status(): ClientEvents['status'];
  tickets: Tickets;
  config: {
    /**
     * The form to render: fetched with ETag caching; the last good one or the bundled form
     * when the server is unreachable or answers something that does not look like a config.
     *
     * @example const { form, source } = await client.config.get();
     */
    get(): Promise<ClientConfig>;
    /**
     * The form to render right now, without waiting: the cached remote config once the
     * client has loaded its storage (see `ready()`), else the bundled form (the `form`
     * option); the answer of the last `config.get()` after one. A form renders with it at
     * once and switches if `config.get()` brings another version.
     *
     * @example
     * let { form } = client.config.current(); // render now
     * client.config.get().then((config) => config.form.version !== form.version && render(config.form));
     */
    current(): ClientConfig;
  };
  attachments: Attachments;
  /**
   * "已解决" on a self-help suggestion: `record()` stores it and sends `POST /v1/deflections`
   * when it can (see {@link Deflections}).
   *
   * @example await client.deflections.record({ articleId: 'payment_faq', category: 'payment' });
   */
  deflections: Deflections;
  /** The reporter's rights over their data (PIPL): a copy of it, and its erasure. */
  privacy: Privacy;
  /**
   * Subscribes to an event; returns the function that unsubscribes.
   *
   * @example const off = client.on('sent', ({ localId, ticketId }) => console.log(localId, '→', ticketId));
   */
  on<K extends keyof ClientEvents>(type: K, listener: (payload: ClientEvents[K]) => void): () => void;
  /**
   * Resolves once stored state is loaded (queue index, config cache, network status).
   * Other methods wait for it themselves.
   *
   * @example await client.ready();
   */
  ready(): Promise<void>;
  /**
   * Stops timers and listeners; the client no longer touches storage. Queued items stay
   * for the next client over the same storage.
   *
   * @example onUnload() { client.close(); }
   */
  close(): void;
}

const clip = (value: unknown, max: number) => (typeof value === 'string' && value ? value.slice(0, max) : undefined);

/** Device facts as the protocol takes them: ≤ 30 entries of short text, numbers or booleans. */
const systemFacts = (system: unknown) => {
  const facts: Record<string, unknown> = {};
  let count = 0;
  for (const [key, value] of Object.entries(isObject(system) ? system : {})) {
    if (count === LIMITS.contextMaxEntries || key.length > LIMITS.idMaxLength || FORBIDDEN_KEYS.includes(key)) continue;
    if (typeof value !== 'boolean' && typeof value !== 'string' && !Number.isFinite(value)) continue;
    facts[key] = typeof value === 'string' ? value.slice(0, LIMITS.shortTextMaxLength) : value;
    count++;
  }
  return count > 0 ? facts : undefined;
};

const stringAnswer = (answers: Record<string, unknown>, field: string) => (typeof answers[field] === 'string' ? (answers[field] as string) : undefined);

/** Storage that refuses every call once the client is closed (a closed client is a killed one). */
function closable(storage: StorageAdapter, isClosed: () => boolean): StorageAdapter {
  const guarded = {} as StorageAdapter;
  for (const method of ['get', 'set', 'remove', 'keys'] as const) {
    guarded[method] = ((...args: [string, string]) =>
      isClosed() ? Promise.reject(new ClientError('closed', 'Closed')) : storage[method](...args)) as never;
  }
  return guarded;
}

/**
 * Creates a client over the given adapters. Options are checked once, here. No platform
 * global is touched: everything platform-specific comes in through the options (the
 * `@fankui/client/wx`, `/taro` and `/web` entries fill them in).
 *
 * @example
 * import { createClient, memoryStorage, memoryNetwork } from '@fankui/client';
 * import { createKyTransport } from '@fankui/client/ky';
 * const client = createClient({
 *   endpoint: 'https://feedback.example.com',
 *   form: DEFAULT_FORM,
 *   transport: createKyTransport(),
 *   storage: memoryStorage(),
 *   network: memoryNetwork({ online: false }),
 *   platform: 'node',
 * });
 */
export function createClient(options: ClientOptions): Client {
  const settings = normalizeOptions(options);
  const { files, transport, locale } = settings;
  let closed = false;
  const storage = closable(settings.storage, () => closed);
  const events = createEmitter<ClientEvents>();
  const report = (error: ClientError) => events.emit('error', { error });
  const identity = createIdentity(storage, settings.random, report);
  const http = createHttp(settings, identity);
  // Local ids (idempotency keys) need to be unique, not secret: they never wait for a crypto source.
  const idRandom: RandomSource = (length) => settings.random(length).catch(() => weakRandom(length));
  const store = createQueueStore(storage, report);
  const config = createConfig(http, storage, settings.form);
  let network: NetworkStatus = { online: true, type: 'unknown' };
  // While an erasure runs nothing is sent: what went after it would create data again.
  let erasing = false;
  const sending = () => network.online && !erasing;
  const deflections = createDeflections(http, storage, idRandom, () => sending() && !closed, report);

  const upload = async (fileId: string) => {
    if (!files) throw new ClientError('attachment_missing', 'No file adapter');
    return files.upload(fileId, await http.prepare('POST', '/v1/attachments'), transport);
  };
  const uploadAll = (ids: string[]) =>
    Promise.all(
      ids.map(async (id) => {
        if (!id.startsWith(LOCAL_FILE_PREFIX)) return id;
        const created = http.read(await upload(id), isCreated, 'AttachmentCreated');
        if (files) files.remove(id).catch(() => undefined);
        return created.id;
      }),
    );

  const pendingRows = async () => {
    const rows: TicketRow[] = [];
    for (const { id } of store.entries()) {
      const item = await store.read(id);
      if (item) rows.push(rowOf(item, {}));
    }
    return rows;
  };
  const { tickets, remember } = createTickets(http, storage, pendingRows, uploadAll, report);

  const queue = createQueue({
    store,
    settings: settings.queue,
    files,
    emit: events.emit,
    online: sending,
    sendBatch: (submissions) => http.send('POST', '/v1/submissions', { json: { submissions } }),
    upload,
    delivered: remember,
  });

  async function init(): Promise<void> {
    const meta = parseStored(await storage.get(KEYS.meta));
    const version = isObject(meta) ? meta.v : undefined;
    if (version !== STORAGE_VERSION) {
      if (typeof version === 'number' && settings.migrate) await settings.migrate(version, storage);
      // Data from a newer SDK is left as it is, for that SDK.
      if (typeof version === 'number' && version > STORAGE_VERSION && !settings.migrate) report(new ClientError('storage_error', `Unknown storage v${version}`));
      else await storage.set(KEYS.meta, JSON.stringify({ v: STORAGE_VERSION }));
    }
    await store.load();
    await config.load();
    await deflections.load();
    if (settings.network) network = await settings.network.current();
  }

  // A failed start (a storage read that failed) is retried by the next call.
  const ready = onceUnlessFailed(init);
  const status = () => ({ online: network.online, pending: store.entries().length });
  const flush = () =>
    ready().then(async () => {
      const summary = await queue.flush();
      await deflections.flush(); // after the submissions: they matter more
      return summary;
    }, (error: unknown) => {
      const failure = asClientError(error);
      report(failure);
      return Object.assign(idleSummary(store.entries().length), { error: failure });
    });

  const unsubscribe = [
    settings.network &&
      settings.network.subscribe((next) => {
      const regained = next.online && !network.online;
      network = next;
      events.emit('status', status());
      if (regained) void flush();
    }),
    settings.lifecycle && settings.lifecycle.onShow(() => void flush()),
  ];
  void flush();

  return {
    async submit(answers, submitOptions = {}) {
      await ready();
      const form = submitOptions.form || config.current().form;
      const consent = submitOptions.consent === true;
      const shared = submitOptions.shareContext === true;
      let clean = answers;
      let contact = submitOptions.contact;
      if (settings.validate) {
        const checked = settings.validate(form, { answers, contact, consent }, { locale });
        if (!checked.ok) throw new InvalidAnswersError(checked.errors);
        ({ answers: clean, contact } = checked);
      }
      const now = Date.now();
      const id = uuidv7(now, await idRandom(10));
      const subscriptions = submitOptions.subscriptions && submitOptions.subscriptions.length ? submitOptions.subscriptions.slice(0, 3) : undefined;
      const { priority } = prioritize({
        category: stringAnswer(clean, CATEGORY_FIELD),
        subtypes: Array.isArray(clean[SUBTYPES_FIELD]) ? (clean[SUBTYPES_FIELD] as string[]) : undefined,
        text: stringAnswer(clean, DESCRIPTION_FIELD),
      });
      const { sla } = config.current();
      const fileIds = [
        ...new Set(
          // concat, not flat(): one level of arrays (image answers) on runtimes before ES2019.
          ([] as unknown[]).concat(submitOptions.attachments || [], ...Object.values(clean)).filter(
            (value): value is string => typeof value === 'string' && value.startsWith(LOCAL_FILE_PREFIX),
          ),
        ),
      ];
      let facts: SubmissionFacts = {};
      try {
        if (shared && settings.context) facts = (await settings.context()) || {};
      } catch {
        // missing device facts never cost a submission
      }
      const submission = {
        id,
        createdAt: new Date(now).toISOString(),
        form: { id: form.id, version: form.version },
        answers: clean,
        // Without consent only what is not personal: the rest is undefined, which JSON drops.
        context: {
          platform: settings.platform,
          sdkVersion: SDK_VERSION,
          appVersion: shared ? clip(facts.appVersion == null ? settings.appVersion : facts.appVersion, 32) : undefined,
          pagePath: clip(facts.pagePath, LIMITS.shortTextMaxLength),
          networkType: shared ? network.type : undefined,
          locale,
          system: systemFacts(facts.system),
        },
        consent: { contact: consent, context: shared },
        contact: contact || undefined,
        attachments: fileIds.slice(0, LIMITS.attachmentsMaxCount),
        subscriptions,
        // A code the server exchanges for the openid; without one (refused, failed) no message is sent.
        wxLoginCode: subscriptions && settings.loginCode ? await settings.loginCode().catch(() => undefined) : undefined,
      };
      const item: QueuedItem = {
        // JSON drops the undefined entries, which the server's strict schemas would refuse.
        submission: JSON.parse(JSON.stringify(submission)) as SubmissionInput,
        files: fileIds.reduce<QueuedItem['files']>((files, fileId) => ((files[fileId] = null), files), {}),
        priority,
        dueAt: new Date(now + (sla || DEFAULT_SLA_POLICY).firstResponseMinutes[priority] * 60_000).toISOString(),
      };
      await queue.add(item, now);
      const ack = { message: acknowledgementText(priority, locale, sla || undefined), priority };
      events.emit('queued', { localId: id, ack });
      events.emit('status', status());
      void flush();
      return { localId: id, status: 'queued', ack };
    },
    flush,
    pending: () => ready().then(pendingRows),
    status,
    tickets,
    config: { get: () => ready().then(config.get, config.get), current: config.current },
    attachments: createAttachments(files, idRandom, http, transport),
    deflections: { record: (deflection) => ready().then(() => deflections.add(deflection)) },
    privacy: {
      export: () => ready().then(() => http.send('GET', '/v1/me/export')).then((response) => http.read(response, isObject, 'ReporterExport') as ReporterExport),
      async erase() {
        await ready();
        erasing = true;
        try {
          await flush(); // the sends in flight finish; nothing new leaves
          http.read(await http.send('DELETE', '/v1/me'), (_: unknown): _ is unknown => true, '');
          await queue.discard();
          for (const key of await storage.keys()) {
            if (key.indexOf('fankui:') === 0 && key !== KEYS.meta && key !== KEYS.config) await storage.remove(key);
          }
          await deflections.load();
          identity.forget();
          events.emit('status', status());
        } finally {
          erasing = false;
        }
      },
    },
    on: events.on,
    ready,
    close() {
      closed = true;
      queue.close();
      unsubscribe.forEach((off) => off && off());
    },
  };
}
