import type { AlertRecord, SlaBreachRecord } from '../alert-types';

/** An `alerts` row as a driver returns it; `Time` is text (SQLite) or a Date (PostgreSQL). */
export interface AlertRow<Time> {
  id: string;
  kind: AlertRecord['kind'];
  subject: string;
  status: AlertRecord['status'];
  count: number;
  baseline: number;
  window_minutes: number;
  opened_at: Time;
  closed_at: Time | null;
  closed_by: string | null;
  notice: string | null;
  notice_published_at: Time | null;
  notice_published_by: string | null;
}

/** The columns both engines select and insert, in this order. */
export const ALERT_COLUMNS =
  'id, kind, subject, status, count, baseline, window_minutes, opened_at, closed_at, closed_by, notice, notice_published_at, notice_published_by';

/** A row → the record, with `time` turning the engine's timestamps into ISO text. */
export function toAlert<Time>(row: AlertRow<Time>, time: (value: Time) => string): AlertRecord {
  const orNull = (value: Time | null) => (value === null ? null : time(value));
  return {
    id: row.id,
    kind: row.kind,
    subject: row.subject,
    status: row.status,
    count: row.count,
    baseline: Number(row.baseline),
    windowMinutes: row.window_minutes,
    openedAt: time(row.opened_at),
    closedAt: orNull(row.closed_at),
    closedBy: row.closed_by,
    notice: row.notice,
    noticePublishedAt: orNull(row.notice_published_at),
    noticePublishedBy: row.notice_published_by,
  };
}

/** A `sla_breaches` row as `RETURNING` gives it. */
export interface SlaBreachRow<Time> {
  ticket_id: string;
  kind: SlaBreachRecord['kind'];
  due_at: Time;
}

/**
 * The SLA due times an open, unresolved ticket missed within [since, now), one row per
 * ticket, kind and due time, as `(id, kind, due_at)`; `p` names the engine's placeholders.
 * Mirrors core's slaState(): the first response is missed while no reply came, the
 * resolution while the ticket is unresolved; closed and rejected tickets miss nothing.
 */
export function missedDueTimesSql(p: { since: string; now: string }): string {
  const open = `('submitted', 'acknowledged', 'in_progress', 'reopened')`;
  return `SELECT id, 'first_response' AS kind, first_response_due_at AS due_at FROM tickets
      WHERE status IN ${open} AND resolved_at IS NULL AND first_responded_at IS NULL
        AND first_response_due_at >= ${p.since} AND first_response_due_at < ${p.now}
    UNION ALL
    SELECT id, 'resolution' AS kind, resolution_due_at AS due_at FROM tickets
      WHERE status IN ${open} AND resolved_at IS NULL
        AND resolution_due_at >= ${p.since} AND resolution_due_at < ${p.now}`;
}

/** Tickets per category, then per triage keyword, created in [from, to) (placeholders in `p`). */
export function volumeSql(p: { from: string; to: string }, count: string): string {
  return `SELECT 'category' AS kind, category AS subject, ${count} AS count FROM tickets
      WHERE created_at >= ${p.from} AND created_at < ${p.to} AND category IS NOT NULL GROUP BY category
    UNION ALL
    SELECT 'keyword' AS kind, keyword AS subject, ${count} AS count FROM ticket_keywords
      WHERE created_at >= ${p.from} AND created_at < ${p.to} GROUP BY keyword`;
}
