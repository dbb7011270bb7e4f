import { createHash } from 'node:crypto';
import { normalizeText, redactPii, type AdminAlert, type KnownIssueNotice } from '@fankui/core';
import { MAX_NOTICES } from '@fankui/core/schema';
import type { ServerConfig } from '../config';
import { newId } from '../ids';
import type { AlertRecord, Store, VolumeRecord } from '../store/store';
import { SETTINGS_CACHE_MS } from './settings';
import { eventDeliveries } from './webhooks';

/**
 * Spike alerts: "集中出现负面反馈". Every check counts each category's and triage keyword's
 * tickets in the last window and compares them with the average of the windows before; a
 * subject over both `minCount` and `factor` × that average gets ONE alert, however many
 * tickets follow and however many server processes check (the store keeps one open alert per
 * subject). The process that opened it sends `alert.spike_detected`.
 *
 * An alert stays open until an operator closes it. It is not closed when the volume falls
 * back: a published known-issue notice is meant to lower the volume (people read it instead
 * of complaining), and closing on that would withdraw the notice while the problem lasts.
 * A closed alert quiets its subject for one window: the next alert for it counts only
 * tickets that came after the close.
 */

const MINUTE_MS = 60_000;
/** Tickets quoted (masked) in the webhook, newest first. */
const SAMPLES = 3;

export type SpikeSettings = ServerConfig['alerts'];

/**
 * Whether `count` tickets in one window are a spike over `baseline`, the average per window
 * before: at least `minCount` (so 1 → 3 is none) and at least `factor` times the baseline.
 *
 * @example isSpike(12, 2, { minCount: 10, factor: 3 }) // true
 */
export function isSpike(count: number, baseline: number, settings: Pick<SpikeSettings, 'minCount' | 'factor'>): boolean {
  return count >= settings.minCount && count >= settings.factor * baseline;
}

/** The alert as the admin API shows it. */
export function toAdminAlert(record: AlertRecord): AdminAlert {
  return {
    id: record.id,
    kind: record.kind,
    subject: record.subject,
    status: record.status,
    count: record.count,
    baseline: record.baseline,
    windowMinutes: record.windowMinutes,
    openedAt: record.openedAt,
    closedAt: record.closedAt,
    closedBy: record.closedBy,
    notice:
      record.notice === null || record.noticePublishedAt === null
        ? null
        : { text: record.notice, publishedAt: record.noticePublishedAt, publishedBy: record.noticePublishedBy },
  };
}

const key = (volume: Pick<VolumeRecord, 'kind' | 'subject'>) => `${volume.kind}\u0000${volume.subject}`;

/**
 * One check: opens an alert for every subject whose last window is a spike (unless one is
 * open for it) and queues `alert.spike_detected` for each alert this call opened. Returns those.
 *
 * @example const opened = await detectSpikes(store, config, new Date());
 */
export async function detectSpikes(store: Store, config: ServerConfig, now: Date): Promise<AlertRecord[]> {
  const settings = config.alerts;
  const windowMs = settings.windowMinutes * MINUTE_MS;
  const to = now.toISOString();
  const from = new Date(now.getTime() - windowMs).toISOString();
  const baselineFrom = new Date(now.getTime() - windowMs * (settings.baselineWindows + 1)).toISOString();
  const [current, before] = await Promise.all([store.ticketVolume({ from, to }), store.ticketVolume({ from: baselineFrom, to: from })]);
  const totals = new Map(before.map((volume) => [key(volume), volume.count]));
  const opened: AlertRecord[] = [];
  for (const volume of current) {
    const baseline = Math.round(((totals.get(key(volume)) ?? 0) / settings.baselineWindows) * 100) / 100;
    if (!isSpike(volume.count, baseline, settings)) continue;
    const alert: AlertRecord = {
      id: newId('al', now.getTime()),
      kind: volume.kind,
      subject: volume.subject,
      status: 'open',
      count: volume.count,
      baseline,
      windowMinutes: settings.windowMinutes,
      openedAt: to,
      closedAt: null,
      closedBy: null,
      notice: null,
      noticePublishedAt: null,
      noticePublishedBy: null,
    };
    // Not when one was closed within this window: the tickets counted now are the ones the operator just handled.
    if (await store.openAlert(alert, from)) opened.push(alert);
  }
  if (opened.length > 0 && config.webhooks.endpoints.length > 0) {
    const rows = [];
    for (const alert of opened) {
      const filter = alert.kind === 'category' ? { category: alert.subject } : { text: normalizeText(alert.subject) };
      const page = await store.listTickets(Object.assign({ from, to }, filter), { limit: SAMPLES });
      const samples = page.items.map((ticket) => ({ ticketId: ticket.id, createdAt: ticket.createdAt, summary: redactPii(ticket.summary) }));
      rows.push(...eventDeliveries(config, { event: 'alert.spike_detected', eventId: alert.id, at: alert.openedAt, data: { alert: toAdminAlert(alert), samples } }, null, now));
    }
    await store.enqueueWebhookDeliveries(rows);
  }
  return opened;
}

/** The known-issue notices apps receive, and `GET /v1/config` with them. */
export interface Notices {
  /** The notices of open alerts, newest first (cached like the settings: other processes see a change within 2 s). */
  current(): Promise<KnownIssueNotice[]>;
  /** Forgets the cached notices (this process changed them). */
  invalidate(): void;
  /** `remote` (the settings' `/v1/config` body and ETag) with the notices added; the same object while there are none. */
  withNotices(remote: { body: string; etag: string }, notices: readonly KnownIssueNotice[]): { body: string; etag: string };
}

/**
 * @example const notices = createNotices(store); await notices.current() // [{ id: 'al_…', category: 'payment', text: '支付通道异常…' }]
 */
export function createNotices(store: Store): Notices {
  let cached: { notices: KnownIssueNotice[]; until: number } | null = null;
  let served: { key: string; value: { body: string; etag: string } } | null = null;
  return {
    async current() {
      if (cached && Date.now() < cached.until) return cached.notices;
      const open = await store.listAlerts({ status: 'open' }, MAX_NOTICES * 5);
      const notices = open
        .filter((alert) => alert.notice !== null)
        .slice(0, MAX_NOTICES)
        .map((alert): KnownIssueNotice => ({ id: alert.id, category: alert.kind === 'category' ? alert.subject : null, text: alert.notice as string }));
      cached = { notices, until: Date.now() + SETTINGS_CACHE_MS };
      return notices;
    },
    invalidate() {
      cached = null;
    },
    withNotices(remote, notices) {
      if (notices.length === 0) return remote;
      const list = JSON.stringify(notices);
      const cacheKey = `${remote.etag}${list}`;
      if (served && served.key === cacheKey) return served.value;
      // The settings' body is a JSON object: the notices go in as its last member.
      const body = `${remote.body.slice(0, -1)},"notices":${list}}`;
      const value = { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"` };
      served = { key: cacheKey, value };
      return value;
    },
  };
}
