import type { JobEvent } from '../api';
import type { Series } from '../charts';

/** METRIC events -> curves: loss, learning rate, expert/router weights and the rest, x = step (or arrival order). */
export function metricSeries(events: JobEvent[]) {
  const groups: Record<string, Record<string, [number, number][]>> = { loss: {}, lr: {}, experts: {}, throughput: {}, other: {} };
  let i = 0;
  for (const e of events) {
    if (e.kind !== 'METRIC' || !e.data || typeof e.data !== 'object') continue;
    const x = typeof e.data.step === 'number' ? e.data.step : i;
    i++;
    const flat: Record<string, number> = {};
    for (const [k, v] of Object.entries<any>(e.data)) {
      if (typeof v === 'number' && !['step', 'epoch', 'attempt'].includes(k)) flat[k] = v;
      else if (Array.isArray(v)) v.forEach((v2, j) => { if (typeof v2 === 'number') flat[`${k}[${j}]`] = v2; });
      else if (v && typeof v === 'object') {
        for (const [k2, v2] of Object.entries<any>(v)) if (typeof v2 === 'number') flat[`${k}.${k2}`] = v2;
      }
    }
    for (const [k, v] of Object.entries(flat)) {
      const g = /loss/i.test(k) ? 'loss' : /^(lr|learning_rate)$|lr$/i.test(k) ? 'lr' : /expert|router|gate/i.test(k) ? 'experts' : /_per_s$|per_sec|throughput/i.test(k) ? 'throughput' : 'other';
      (groups[g][k] ||= []).push([x, v]);
    }
  }
  const toSeries = (g: Record<string, [number, number][]>): Series[] => Object.entries(g).map(([name, points]) => ({ name, points }));
  return { loss: toSeries(groups.loss), lr: toSeries(groups.lr), experts: toSeries(groups.experts), throughput: toSeries(groups.throughput), other: toSeries(groups.other) };
}

