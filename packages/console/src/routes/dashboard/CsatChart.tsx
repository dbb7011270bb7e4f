import type { AdminStats } from '@fankui/core';
import uPlot from 'uplot';
import { t } from '../../i18n';
import { useChart } from './useChart';
import { COUNT_STEPS } from './VolumeChart';

const SCORES = [1, 2, 3, 4, 5];
/** Okabe–Ito: vermillion for 1–3 stars, blue for the satisfied 4–5 (the `satisfiedRate` split). */
const TONES = { unsatisfied: '#D55E00', satisfied: '#0072B2' };

/**
 * How many ratings gave each score, as uPlot bars: one series for 1–3 stars and one for
 * 4–5, so the satisfied share reads at a glance. The canvas is described for screen
 * readers with every count; the legend is plain HTML.
 */
export function CsatChart({ csat }: { csat: AdminStats['csat'] }) {
  const counts = csat.distribution;
  const box = useChart(
    200,
    () => {
      const bars = uPlot.paths.bars!({ size: [0.6, 56], align: 0 });
      const part = (satisfied: boolean) => SCORES.map((score, index) => ((score >= 4) === satisfied ? counts[index]! : null));
      const series = (label: string, colour: string): uPlot.Series => ({ label, stroke: colour, fill: colour, width: 0, paths: bars, points: { show: false } });
      return {
        options: {
          legend: { show: false },
          cursor: { show: false },
          scales: { x: { time: false, range: [0.4, 5.6] }, y: { range: (_u, _min, max) => [0, Math.max(4, Math.ceil(max * 1.1))] } },
          axes: [
            { stroke: '#555', grid: { show: false }, splits: () => SCORES, values: (_u, splits) => splits.map((score) => t('dash.stars', { score })) },
            { stroke: '#555', grid: { stroke: '#eee' }, size: 40, incrs: COUNT_STEPS },
          ],
          series: [{ label: t('dash.score') }, series(t('dash.unsatisfied'), TONES.unsatisfied), series(t('dash.satisfied'), TONES.satisfied)],
        },
        data: [SCORES, part(false), part(true)],
      };
    },
    [csat],
  );
  const description = t('dash.csatSummary', {
    counts: SCORES.map((score, index) => t('dash.scoreCount', { score, count: counts[index]! })).join(t('dash.listSeparator')),
    count: csat.count,
  });
  return (
    <>
      <div ref={box} class="chart csat-chart" role="img" aria-label={description} />
      <ul class="legend">
        <li>
          <span class="swatch" style={{ background: TONES.unsatisfied }} aria-hidden="true" />
          {t('dash.unsatisfied')} <span class="muted">{counts[0]! + counts[1]! + counts[2]!}</span>
        </li>
        <li>
          <span class="swatch" style={{ background: TONES.satisfied }} aria-hidden="true" />
          {t('dash.satisfied')} <span class="muted">{counts[3]! + counts[4]!}</span>
        </li>
      </ul>
    </>
  );
}
