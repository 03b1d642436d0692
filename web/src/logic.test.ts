import { describe, expect, it } from 'vitest';
import { fill, findOp, fmtBytes, type Operation } from './api';
import { metricSeries } from './pages/metrics';

const op = (method: string, path: string): Operation => ({ method, path, op: {} });

describe('findOp / fill', () => {
  const ops = [op('GET', '/api/v1/tenants/{tenant}/datasets'), op('POST', '/api/v1/tenants/{tenant}/deployments/{deploymentName}/analyze')];
  it('matches a template whatever the placeholder names', () => {
    expect(findOp(ops, 'POST', '/api/v1/tenants/{t}/deployments/{id}/analyze')?.path).toBe(ops[1].path);
    expect(findOp(ops, 'GET', '/api/v1/tenants/{t}/datasets/{id}/versions')).toBeUndefined();
    expect(findOp(ops, 'POST', '/api/v1/tenants/{t}/datasets')).toBeUndefined();
  });
  it('fills placeholders in order and escapes them', () => {
    expect(fill(ops[1].path, ['demo', 'a b/c'])).toBe('/api/v1/tenants/demo/deployments/a%20b%2Fc/analyze');
    expect(fill('/x/{a}/{b}', { b: '2', a: '1' })).toBe('/x/1/2');
  });
  it('formats sizes', () => {
    expect(fmtBytes(512)).toBe('512 B');
    expect(fmtBytes(3 * 2 ** 30)).toBe('3.0 GiB');
  });
});

describe('metricSeries', () => {
  it('groups METRIC events into loss, learning-rate and expert-weight curves by step', () => {
    const ev = (id: number, data: any) => ({ id, jobId: 'j', kind: 'METRIC' as const, data });
    const s = metricSeries([
      ev(1, { step: 1, loss: 2.5, lr: 1e-4, expert_weights: [0.5, 0.5] }),
      { id: 2, jobId: 'j', kind: 'LOG' as const, message: 'hello' },
      ev(3, { step: 2, loss: 2.1, lr: 2e-4, expert_weights: [0.6, 0.4], grad_norm: 1.2 }),
    ]);
    expect(s.loss).toEqual([{ name: 'loss', points: [[1, 2.5], [2, 2.1]] }]);
    expect(s.lr[0].points).toEqual([[1, 1e-4], [2, 2e-4]]);
    expect(s.experts.map((x) => x.name)).toEqual(['expert_weights[0]', 'expert_weights[1]']);
    expect(s.other[0]).toEqual({ name: 'grad_norm', points: [[2, 1.2]] });
  });
  it('reads the training worker\'s metric rows (learning_rate, router_*, *_per_s; attempt is not a curve)', () => {
    const s = metricSeries([{ id: 1, jobId: 'j', kind: 'METRIC', data: { step: 10, attempt: 1, loss: 1.5, learning_rate: 3e-5, grad_norm: null, tokens_per_s: 900, samples_per_s: 4, router_general: 0.7, router_emotion: 0.3 } }]);
    expect(s.lr.map((x) => x.name)).toEqual(['learning_rate']);
    expect(s.experts.map((x) => x.name)).toEqual(['router_general', 'router_emotion']);
    expect(s.throughput.map((x) => x.name)).toEqual(['tokens_per_s', 'samples_per_s']);
    expect(s.other).toEqual([]);
  });
});
