import type { AdminStats } from '@fankui/core';
import uPlot from 'uplot';
import { t } from '../../i18n';
import { useChart } from './useChart';

/** Colour-blind-safe palette (Okabe–Ito), one per category. */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#8c6d1f', '#555555'];

/** Tick steps of a count axis: whole tickets only. */
export const COUNT_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000];

const DAY_MS = 86_400_000;

/** Every UTC day (YYYY-MM-DD) from `from` to `to`, so quiet days show as zero, not as gaps. */
function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  const end = Date.parse(to);
  for (let at = Date.parse(from.slice(0, 10)); at <= end && days.length < 400; at += DAY_MS) days.push(new Date(at).toISOString().slice(0, 10));
  return days;
}

/** Day × category counts → uPlot's columns: x in seconds, one series per category, 0 where absent. */
export function volumeSeries(stats: AdminStats, label: (category: string | null) => string): { days: number[]; series: { name: string; counts: number[] }[] } {
  const byDay = stats.byDay;
  const dayKeys = [...new Set([...daysBetween(stats.from, stats.to), ...byDay.map((row) => row.day)])].sort();
  const categories = [...new Set(byDay.map((row) => row.category))];
  const series = categories.map((category) => ({
    name: label(category),
    counts: dayKeys.map((day) => byDay.filter((row) => row.day === day && row.category === category).reduce((sum, row) => sum + row.count, 0)),
  }));
  return { days: dayKeys.map((day) => Date.parse(`${day}T00:00:00Z`) / 1000), series };
}

/**
 * Tickets per day by category as stacked uPlot bars: each series is drawn as the running
 * total up to its category, the tallest first, so every category shows as its own band.
 * The legend is plain HTML (category, colour, total), and the canvas is described for
 * screen readers by `description`.
 */
export function VolumeChart({ stats, label, description }: { stats: AdminStats; label: (category: string | null) => string; description: string }) {
  const { days, series } = volumeSeries(stats, label);
  const box = useChart(
    240,
    () => {
      const stacked = series.map((_item, index) => days.map((_day, at) => series.slice(0, index + 1).reduce((sum, item) => sum + item.counts[at]!, 0)));
      const order = series.map((_item, index) => index).reverse();
      const bars = uPlot.paths.bars!({ size: [0.7, 24], align: 0 });
      return {
        options: {
          legend: { show: false },
          cursor: { show: false },
          // Half a day of room on both sides, so the first and last days' bars are whole.
          scales: { x: { time: true, range: (_u, min, max) => [min - 43_200, max + 43_200] }, y: { range: (_u, _min, max) => [0, Math.max(4, Math.ceil(max * 1.1))] } },
          axes: [{ stroke: '#555', grid: { show: false } }, // Whole tickets only on the count axis.
            { stroke: '#555', grid: { stroke: '#eee' }, size: 40, incrs: COUNT_STEPS }],
          series: [
            { label: t('dash.day') },
            ...order.map((index) => ({
              label: series[index]!.name,
              stroke: PALETTE[index % PALETTE.length],
              fill: PALETTE[index % PALETTE.length],
              width: 0,
              paths: bars,
              points: { show: false },
            })),
          ],
        },
        data: [days, ...order.map((index) => stacked[index]!)],
      };
    },
    [stats],
  );
  return (
    <>
      <div ref={box} class="chart" role="img" aria-label={description} />
      <ul class="legend">
        {series.map((item, index) => (
          <li key={item.name}>
            <span class="swatch" style={{ background: PALETTE[index % PALETTE.length] }} aria-hidden="true" />
            {item.name} <span class="muted">{item.counts.reduce((sum, count) => sum + count, 0)}</span>
          </li>
        ))}
      </ul>
    </>
  );
}
