import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/**
 * A uPlot chart in the returned element's ref, as wide as that element (at least 280 px)
 * and following its width; rebuilt when `deps` change, destroyed on unmount.
 */
export function useChart(height: number, build: () => { options: Omit<uPlot.Options, 'width' | 'height'>; data: uPlot.AlignedData }, deps: unknown[]) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const { options, data } = build();
    const width = () => Math.max(280, element.clientWidth);
    const chart = new uPlot({ ...options, width: width(), height }, data, element);
    const observer = new ResizeObserver(() => chart.setSize({ width: width(), height }));
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.destroy();
    };
  }, deps);
  return box;
}
