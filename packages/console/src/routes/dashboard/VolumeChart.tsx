import type { AdminStats } from '@fankui/core';
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { t } from '../../i18n';

/** Colour-blind-safe palette (Okabe–Ito), one per category. */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#8c6d1f', '#555555'];

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
 * Tickets per day by category as a uPlot line chart. The canvas is described for screen
 * readers by the summary text the dashboard puts in `description`.
 */
export function VolumeChart({ stats, label, description }: { stats: AdminStats; label: (category: string | null) => string; description: string }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const { days, series } = volumeSeries(stats, label);
    const width = () => Math.max(280, element.clientWidth);
    const chart = new uPlot(
      {
        width: width(),
        height: 240,
        legend: { show: true },
        cursor: { points: { size: 6 } },
        scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(4, Math.ceil(max * 1.1))] } },
        axes: [{ stroke: '#555', grid: { stroke: '#eee' } }, { stroke: '#555', grid: { stroke: '#eee' }, size: 40 }],
        series: [
          { label: t('dash.day') },
          ...series.map((item, index) => ({
            label: item.name,
            stroke: PALETTE[index % PALETTE.length],
            width: 2,
            points: { show: true, size: 5 },
          })),
        ],
      },
      [days, ...series.map((item) => item.counts)],
      element,
    );
    const observer = new ResizeObserver(() => chart.setSize({ width: width(), height: 240 }));
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.destroy();
    };
  }, [stats]);
  return <div ref={box} class="chart" role="img" aria-label={description} />;
}
