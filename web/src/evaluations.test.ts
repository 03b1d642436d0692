// @ts-expect-error: no @types/node here; vitest runs these tests in node
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ApiError, problemFields, type JobView } from './api';
import { hasChinese } from './i18n';
import {
  benchmarkFor, best, compareByBenchmark, confusionOf, figureDefs, formatFigure, pendingEvaluations, skippedReason, type Evaluation,
} from './pages/evaluations';

// Shapes as the gateway answers them (EvaluationsController.Evaluation, metrics from EvaluationReport).
const dfew = (id: string, checkpointId: string, createdAt: string, war: number, extra: Record<string, any> = {}): Evaluation => ({
  id, checkpointId, datasetVersionId: 'v-dfew', benchmark: 'dfew', language: 'en', samples: 4, createdAt,
  metrics: {
    samples: 4, war, uar: war - 0.1, reference_war: war - 0.2, reference_uar: war - 0.3,
    confusion: { labels: ['happy', 'sad'], rows: [[2, 0], [1, 1]] },
    reference_confusion: { labels: ['happy', 'sad', 'none'], rows: [[1, 0, 1], [0, 1, 1], [0, 0, 0]] }, ...extra,
  },
});
const emerSkipped: Evaluation = {
  id: 'e3', checkpointId: 'c1', datasetVersionId: 'v-emer', benchmark: 'emer', language: 'zh', samples: 3, createdAt: '2025-01-03T00:00:00Z',
  metrics: { samples: 3, skipped: true, reason: 'no judge endpoint is configured (emoqwen.inference.judge.url)' },
};
const mer: Evaluation = {
  id: 'm1', checkpointId: 'c2', datasetVersionId: 'v-mer', benchmark: 'mer2024', language: 'en', samples: 2, createdAt: '2025-01-01T00:00:00Z',
  metrics: { samples: 2, accuracy: 0.5, weighted_f1: 0.4, reference_accuracy: 0.5, reference_weighted_f1: 0.3, confusion: { labels: ['a', 'b'], rows: [[1, 0], [1, 0]] } },
};

describe('compareByBenchmark', () => {
  const all = [emerSkipped, dfew('d1', 'c1', '2025-01-01T00:00:00Z', 0.6), mer, dfew('d2', 'c1', '2025-01-02T00:00:00Z', 0.7), dfew('d3', 'c2', '2025-01-01T00:00:00Z', 0.5)];
  const groups = compareByBenchmark(all, ['c2', 'c1']);
  it('groups by benchmark in dfew, mer2024, emer order', () => {
    expect(groups.map((g) => g.benchmark)).toEqual(['dfew', 'mer2024', 'emer']);
  });
  it('keeps the newest evaluation per checkpoint x version x language, counts the older, orders columns as picked', () => {
    const cols = groups[0].columns;
    expect(cols.map((c) => [c.checkpointId, c.evaluation.id, c.older])).toEqual([['c2', 'd3', 0], ['c1', 'd2', 1]]);
  });
  it('the best figure across columns, none for counts or a single column', () => {
    const [war] = figureDefs('dfew');
    expect(best(groups[0].columns, war)).toBe(0.7);
    expect(best(groups[0].columns, figureDefs('dfew').find((d) => d.key === 'samples')!)).toBeUndefined();
    expect(best(groups[1].columns, figureDefs('mer2024')[0])).toBeUndefined();
  });
});

describe('figures', () => {
  it('clean figures first, then reference-compatible, then samples and counts', () => {
    expect(figureDefs('dfew').map((d) => `${d.kind}:${d.key}`)).toEqual([
      'clean:war', 'clean:uar', 'reference:reference_war', 'reference:reference_uar', 'count:samples']);
    expect(figureDefs('mer2024').map((d) => d.key)).toEqual(['accuracy', 'weighted_f1', 'reference_accuracy', 'reference_weighted_f1', 'samples']);
    expect(figureDefs('emer').map((d) => d.key)).toEqual(['clue_overlap', 'label_overlap', 'samples', 'judged_clue', 'judged_label', 'judge_model']);
  });
  it('numbers the console does not know yet follow on their side; confusions, reasons and flags are no figures', () => {
    const defs = figureDefs('dfew', [{ war: 0.5, macro_f1: 0.4, reference_macro_f1: 0.3, skipped: false, reason: 'x', confusion: {} }]);
    expect(defs.map((d) => d.key)).toEqual(['war', 'uar', 'macro_f1', 'reference_war', 'reference_uar', 'reference_macro_f1', 'samples']);
  });
  it('formats ratios as percentages, judge scores with 2 decimals, counts as integers, absent as a dash', () => {
    expect(formatFigure(0.61234, 'ratio')).toBe('61.23%');
    expect(formatFigure(6.5, 'score')).toBe('6.50');
    expect(formatFigure(12, 'int')).toBe('12');
    expect(formatFigure(undefined, 'ratio')).toBe('—');
    expect(formatFigure('gpt-4o', 'text')).toBe('gpt-4o');
  });
  it('EMER skipped shows its reason; judged EMER and DFEW are not skipped', () => {
    expect(skippedReason(emerSkipped)).toMatch(/no judge endpoint/);
    expect(skippedReason({ metrics: { skipped: false, clue_overlap: 6 } })).toBeUndefined();
    expect(skippedReason(dfew('x', 'c', '', 0.5))).toBeUndefined();
  });
  it('reads ConfusionMatrix.toMap() (labels, rows truths down) for clean and reference', () => {
    const e = dfew('x', 'c', '', 0.5);
    expect(confusionOf(e, 'clean')).toEqual({ labels: ['happy', 'sad'], rows: [[2, 0], [1, 1]] });
    expect(confusionOf(e, 'reference')?.labels).toEqual(['happy', 'sad', 'none']);
    expect(confusionOf(emerSkipped, 'clean')).toBeUndefined();
  });
  it('the benchmark a version\'s import format implies', () => {
    expect(benchmarkFor('dfew_csv')).toBe('dfew');
    expect(benchmarkFor('mer2024_csv')).toBe('mer2024');
    expect(benchmarkFor('emer_csv')).toBe('emer');
    expect(benchmarkFor('emotion_qwen_jsonl')).toBeUndefined();
  });
});

describe('pendingEvaluations', () => {
  const job = (id: string, type: string, state: string, checkpointId: string): JobView => ({ id, type, state, payload: { checkpointId, benchmark: 'dfew' } });
  it('evaluation jobs of the picked checkpoints that have no evaluation row yet', () => {
    const jobs = [job('d1', 'inference.evaluate', 'SUCCEEDED', 'c1'), job('j2', 'inference.evaluate', 'RUNNING', 'c1'),
      job('j3', 'inference.evaluate', 'FAILED', 'c3'), job('j4', 'inference.batch', 'RUNNING', 'c1'), job('j5', 'inference.evaluate', 'FAILED', 'c2')];
    expect(pendingEvaluations(jobs, [dfew('d1', 'c1', '', 0.5)], ['c1', 'c2']).map((j) => j.id)).toEqual(['j2', 'j5']);
  });
});

describe('problemFields', () => {
  const fields = ['checkpointId', 'datasetVersionId', 'benchmark', 'maxNewTokens', 'labels'];
  const nf = { checkpoint: 'checkpointId', 'dataset version': 'datasetVersionId' };
  it('puts problem+json field errors by their field (leaf of the path), the rest aside', () => {
    const e = new ApiError(400, { status: 400, detail: 'request body is invalid', errors: [
      { field: 'maxNewTokens', message: 'must be less than or equal to 4096' }, { field: 'labels[2]', message: 'must not be blank' }, { field: 'foo', message: 'is not a known field' }] });
    expect(problemFields(e, fields)).toEqual({ byField: { maxNewTokens: ['must be less than or equal to 4096'], labels: ['must not be blank'] }, other: ['foo: is not a known field'] });
  });
  it('a detail that starts with a field names it (409 not READY, 422 wrong kind)', () => {
    const e = new ApiError(409, { status: 409, detail: 'datasetVersionId: the dataset version is FAILED, not READY' });
    expect(problemFields(e, fields)).toEqual({ byField: { datasetVersionId: ['the dataset version is FAILED, not READY'] }, other: [] });
  });
  it('a 404 "<what> not found" names the field mapped to it; anything else stays form-level', () => {
    expect(problemFields(new ApiError(404, { status: 404, detail: 'dataset version not found' }), fields, nf).byField).toEqual({ datasetVersionId: ['dataset version not found'] });
    expect(problemFields(new ApiError(404, { status: 404, detail: 'tenant not found' }), fields, nf)).toEqual({ byField: {}, other: ['tenant not found'] });
    expect(problemFields(new ApiError(400, { status: 400, detail: 'request body is invalid', errors: [{ field: 'x', message: 'bad' }] }), fields).other).toEqual(['request body is invalid', 'x: bad']);
    expect(problemFields(new Error('Failed to fetch'), fields)).toEqual({ byField: {}, other: ['Failed to fetch'] });
    expect(problemFields(undefined, fields)).toEqual({ byField: {}, other: [] });
  });
});

describe('Chinese texts', () => {
  it('every text of the evaluations and checkpoints pages and every figure name has a Chinese entry', () => {
    const keys = new Set<string>();
    for (const f of ['pages/Evaluations.tsx', 'pages/Checkpoints.tsx']) {
      const src = readFileSync(new URL(f, import.meta.url), 'utf8');
      for (const m of src.matchAll(/\bt\('((?:[^'\\]|\\.)*)'\)/g)) keys.add(m[1].replace(/\\'/g, "'"));
    }
    for (const b of ['dfew', 'mer2024', 'emer']) for (const d of figureDefs(b)) keys.add(d.label);
    expect([...keys].filter((k) => !hasChinese(k))).toEqual([]);
  });
});
