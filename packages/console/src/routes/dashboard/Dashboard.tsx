import type { AdminStats } from '@fankui/core';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api';
import { categoryLabel, useConfig } from '../../config';
import { percent } from '../../format';
import { t } from '../../i18n';
import { ErrorNote, Loading } from '../../ui';
import { CsatChart } from './CsatChart';
import { VolumeChart, volumeSeries } from './VolumeChart';

const DAY = 86_400_000;
const RANGE_DAYS = 30;

interface Figures {
  range: AdminStats;
  thisWeek: AdminStats;
  lastWeek: AdminStats;
}

async function loadFigures(now: number): Promise<Figures> {
  const iso = (ms: number) => new Date(ms).toISOString();
  const [range, thisWeek, lastWeek] = await Promise.all([
    // No `to`: up to the server's now (its clock decides what "today" holds).
    api.stats({ from: iso(now - RANGE_DAYS * DAY) }),
    api.stats({ from: iso(now - 7 * DAY) }),
    api.stats({ from: iso(now - 14 * DAY), to: iso(now - 7 * DAY) }),
  ]);
  return { range, thisWeek, lastWeek };
}

/**
 * Horizontal bars as plain HTML (readable by screen readers as they are). Each row has its
 * own scale, its value against its target mark: first response and resolution times differ
 * by orders of magnitude, and the question is "how close to the target", not "which is longer".
 */
function Bars({ rows, unit = '' }: { rows: { label: string; value: number | null; tone?: string; mark?: number }[]; unit?: string }) {
  return (
    <ul class="bars">
      {rows.map((row) => {
        const max = Math.max(1, row.value || 0, row.mark || 0) * 1.1;
        return (
        <li key={row.label}>
          <span class="bar-label">{row.label}</span>
          <span class="bar-track">
            <span class={`bar ${row.tone || ''}`} style={{ width: `${((row.value || 0) / max) * 100}%` }} />
            {row.mark !== undefined && <span class="bar-mark" style={{ left: `${(row.mark / max) * 100}%` }} aria-hidden="true" />}
          </span>
          <span class="bar-value">{row.value === null ? '—' : `${Math.round(row.value)}${unit}`}</span>
        </li>
        );
      })}
    </ul>
  );
}

/** This week's count beside last week's, for keywords or categories. */
function WeekBars({ now, before }: { now: { key: string; label: string; count: number }[]; before: Map<string, number> }) {
  if (!now.length) return <p class="muted">{t('dash.noData')}</p>;
  const max = Math.max(1, ...now.map((row) => Math.max(row.count, before.get(row.key) || 0)));
  return (
    <table class="week">
      <thead>
        <tr>
          <th scope="col" />
          <th scope="col">{t('dash.thisWeek')}</th>
          <th scope="col">{t('dash.lastWeek')}</th>
        </tr>
      </thead>
      <tbody>
        {now.map((row) => (
          <tr key={row.key}>
            <th scope="row">{row.label}</th>
            <td>
              <span class="bar now" style={{ width: `${(row.count / max) * 8}em` }} />
              {row.count}
            </td>
            <td>
              <span class="bar before" style={{ width: `${((before.get(row.key) || 0) / max) * 8}em` }} />
              {before.get(row.key) || 0}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default function Dashboard() {
  const config = useConfig();
  const [figures, setFigures] = useState<Figures | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = () => loadFigures(Date.now()).then(setFigures, setError);
  useEffect(() => void load(), []);
  if (error) return <ErrorNote error={error} retry={load} />;
  if (!figures) return <Loading />;

  const { range, thisWeek, lastWeek } = figures;
  const label = (category: string | null) => categoryLabel(config, category) || t('common.uncategorized');
  const { days, series } = volumeSeries(range, label);
  const max = Math.max(0, ...days.map((_day, index) => series.reduce((sum, item) => sum + item.counts[index]!, 0)));
  const target = config ? config.sla : null;
  const cards: [string, string, string?][] = [
    [t('dash.total'), String(range.total)],
    [t('dash.open'), String(range.open)],
    [t('dash.breach'), percent(range.slaBreachRate)],
    [t('dash.csat'), percent(range.csat.satisfiedRate), t('dash.csatDetail', { average: range.csat.average === null ? '—' : range.csat.average.toFixed(1), count: range.csat.count })],
    [t('dash.reopen'), percent(range.reopenRate)],
    [t('dash.deflections'), String(range.deflections)],
  ];

  return (
    <div class="dashboard">
      <div class="page-head">
        <h1>{t('dash.title')}</h1>
        <span class="muted">{t('dash.range', { days: RANGE_DAYS })}</span>
      </div>
      <ul class="cards">
        {cards.map(([name, value, detail]) => (
          <li key={name} class="card stat">
            <span class="stat-name">{name}</span>
            <span class="stat-value">{value}</span>
            {detail && <span class="muted small">{detail}</span>}
          </li>
        ))}
      </ul>
      <div class="dash-grid">
        <section class="panel wide" aria-labelledby="volume-h">
          <h2 id="volume-h">{t('dash.volume')}</h2>
          {range.byDay.length ? (
            <VolumeChart stats={range} label={label} description={t('dash.volumeSummary', { days: days.length, total: range.total, max })} />
          ) : (
            <p class="muted">{t('dash.noData')}</p>
          )}
        </section>
        <section class="panel" aria-labelledby="times-h">
          <h2 id="times-h">{t('dash.times')}</h2>
          <Bars
            rows={[
              { label: `${t('dash.firstResponse')} p50`, value: range.firstResponse.p50Minutes, mark: target ? target.firstResponseMinutes.medium : undefined },
              { label: `${t('dash.firstResponse')} p90`, value: range.firstResponse.p90Minutes, tone: 'alt', mark: target ? target.firstResponseMinutes.medium : undefined },
              { label: `${t('dash.resolution')} p50`, value: range.resolution.p50Minutes, mark: target ? target.resolutionMinutes.medium : undefined },
              { label: `${t('dash.resolution')} p90`, value: range.resolution.p90Minutes, tone: 'alt', mark: target ? target.resolutionMinutes.medium : undefined },
            ]}
          />
          <p class="muted small">
            <span class="legend-mark" aria-hidden="true" /> {t('dash.target')}
          </p>
        </section>
        <section class="panel" aria-labelledby="csat-h">
          <h2 id="csat-h">{t('dash.csatChart')}</h2>
          {range.csat.count ? <CsatChart csat={range.csat} /> : <p class="muted">{t('dash.noData')}</p>}
        </section>
        <section class="panel" aria-labelledby="keywords-h">
          <h2 id="keywords-h">{t('dash.keywords')}</h2>
          <WeekBars
            now={thisWeek.hotKeywords.slice(0, 8).map((row) => ({ key: row.keyword, label: row.keyword, count: row.count }))}
            before={new Map(lastWeek.hotKeywords.map((row) => [row.keyword, row.count]))}
          />
        </section>
        <section class="panel" aria-labelledby="categories-h">
          <h2 id="categories-h">{t('dash.categories')}</h2>
          <WeekBars
            now={thisWeek.byCategory.map((row) => ({ key: String(row.category), label: label(row.category), count: row.count }))}
            before={new Map(lastWeek.byCategory.map((row) => [String(row.category), row.count]))}
          />
        </section>
      </div>
    </div>
  );
}
