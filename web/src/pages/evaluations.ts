// Pure logic of the Evaluations page (no React): the gateway's evaluation records
// (api/.../evaluations/EvaluationsController.Evaluation) and the figures each benchmark stores
// (inference-worker/.../evaluation/EvaluationReport), grouped and laid out for side-by-side comparison.

import type { JobView } from '../api';

export type Benchmark = 'dfew' | 'mer2024' | 'emer';
export const BENCHMARKS: Benchmark[] = ['dfew', 'mer2024', 'emer'];

/** ConfusionMatrix.toMap(): the label order and the rows, truths down, predictions across. */
export interface Confusion { labels: string[]; rows: number[][] }

export interface Evaluation {
  id: string; checkpointId: string; datasetVersionId: string; benchmark: string; language?: string; samples?: number;
  metrics: Record<string, any> | null; reportKey?: string; reportSha256?: string; createdAt?: string;
}

/** What POST .../evaluations and .../batch-inferences answer (202): the queued job. */
export interface JobAccepted { jobId: string; type: string; state: string }

/** One line of the comparison table. `clean`: the figure of the scored label; `reference`: the published script's. */
export interface FigureDef { key: string; label: string; kind: 'clean' | 'reference' | 'judge' | 'count'; scale: 'ratio' | 'score' | 'int' | 'text' }

const DEFS: Record<Benchmark, FigureDef[]> = {
  dfew: [
    { key: 'war', label: 'WAR (weighted average recall)', kind: 'clean', scale: 'ratio' },
    { key: 'uar', label: 'UAR (unweighted average recall)', kind: 'clean', scale: 'ratio' },
    { key: 'reference_war', label: 'WAR (weighted average recall)', kind: 'reference', scale: 'ratio' },
    { key: 'reference_uar', label: 'UAR (unweighted average recall)', kind: 'reference', scale: 'ratio' },
  ],
  mer2024: [
    { key: 'accuracy', label: 'Accuracy', kind: 'clean', scale: 'ratio' },
    { key: 'weighted_f1', label: 'Weighted F1', kind: 'clean', scale: 'ratio' },
    { key: 'reference_accuracy', label: 'Accuracy', kind: 'reference', scale: 'ratio' },
    { key: 'reference_weighted_f1', label: 'Weighted F1', kind: 'reference', scale: 'ratio' },
  ],
  emer: [
    { key: 'clue_overlap', label: 'Clue overlap (1-10)', kind: 'judge', scale: 'score' },
    { key: 'label_overlap', label: 'Label overlap (1-10)', kind: 'judge', scale: 'score' },
    { key: 'judged_clue', label: 'Clips judged (clue)', kind: 'count', scale: 'int' },
    { key: 'judged_label', label: 'Clips judged (label)', kind: 'count', scale: 'int' },
    { key: 'judge_model', label: 'Judge model', kind: 'count', scale: 'text' },
  ],
};
const SAMPLES: FigureDef = { key: 'samples', label: 'Samples', kind: 'count', scale: 'int' };
const NOT_FIGURES = new Set(['samples', 'skipped', 'reason', 'confusion', 'reference_confusion']);

/**
 * The figures of a benchmark in display order: clean first, then reference-compatible, then counts; figures the
 * worker stores that this console does not know yet (numbers only) follow, a `reference_` prefix deciding their side.
 */
export function figureDefs(benchmark: string, metrics: (Record<string, any> | null | undefined)[] = []): FigureDef[] {
  const known = DEFS[benchmark as Benchmark] || [];
  const seen = new Set(known.map((d) => d.key));
  const extra: FigureDef[] = [];
  for (const m of metrics) for (const [k, v] of Object.entries(m || {})) {
    if (seen.has(k) || NOT_FIGURES.has(k) || typeof v !== 'number') continue;
    seen.add(k);
    extra.push({ key: k, label: k, kind: k.startsWith('reference_') ? 'reference' : 'clean', scale: Math.abs(v) <= 1 ? 'ratio' : 'score' });
  }
  const all = [...known, ...extra];
  const order = { clean: 0, judge: 0, reference: 1, count: 2 } as const;
  return [...all.filter((d) => d.kind !== 'count').sort((a, b) => order[a.kind] - order[b.kind]), SAMPLES, ...all.filter((d) => d.kind === 'count')];
}

/** A figure as text: ratios as percentages (2 decimals), judge scores with 2 decimals, counts as integers. */
export function formatFigure(value: unknown, scale: FigureDef['scale']): string {
  if (value == null || value === '') return '—';
  if (scale === 'text' || typeof value !== 'number' || !isFinite(value)) return String(value);
  if (scale === 'ratio') return `${(value * 100).toFixed(2)}%`;
  if (scale === 'score') return value.toFixed(2);
  return String(Math.round(value));
}

/** EMER without a judge stores `skipped: true` and the reason, never a made-up figure. */
export function skippedReason(e: Pick<Evaluation, 'metrics'>): string | undefined {
  const m = e.metrics;
  return m && m.skipped === true ? String(m.reason || 'skipped') : undefined;
}

export function confusionOf(e: Pick<Evaluation, 'metrics'>, which: 'clean' | 'reference'): Confusion | undefined {
  const c = e.metrics?.[which === 'clean' ? 'confusion' : 'reference_confusion'];
  if (!c || !Array.isArray(c.labels) || !Array.isArray(c.rows)) return undefined;
  return { labels: c.labels.map(String), rows: c.rows.map((r: unknown[]) => (Array.isArray(r) ? r.map(Number) : [])) };
}

/** One column of a benchmark's comparison: the newest evaluation of a checkpoint on a dataset version in a language. */
export interface Column { key: string; checkpointId: string; datasetVersionId: string; language?: string; evaluation: Evaluation; older: number }

/**
 * Groups evaluations by benchmark (in BENCHMARKS order, unknown ones after), one column per checkpoint x dataset
 * version x language with its newest evaluation (older runs counted), columns in the order the checkpoints were picked.
 */
export function compareByBenchmark(evaluations: Evaluation[], checkpointOrder: string[] = []): { benchmark: string; columns: Column[] }[] {
  const groups = new Map<string, Map<string, Column>>();
  const newestFirst = [...evaluations].sort((a, b) => String(b.createdAt || '').localeCompare(String(a.createdAt || '')));
  for (const e of newestFirst) {
    const b = String(e.benchmark || '').toLowerCase();
    if (!groups.has(b)) groups.set(b, new Map());
    const cols = groups.get(b)!;
    const key = `${e.checkpointId}|${e.datasetVersionId}|${e.language || ''}`;
    const have = cols.get(key);
    if (have) have.older++;
    else cols.set(key, { key, checkpointId: e.checkpointId, datasetVersionId: e.datasetVersionId, language: e.language, evaluation: e, older: 0 });
  }
  const rank = (id: string) => { const i = checkpointOrder.indexOf(id); return i < 0 ? checkpointOrder.length : i; };
  const benchRank = (b: string) => { const i = BENCHMARKS.indexOf(b as Benchmark); return i < 0 ? BENCHMARKS.length : i; };
  return [...groups.entries()]
    .sort((a, b) => benchRank(a[0]) - benchRank(b[0]) || a[0].localeCompare(b[0]))
    .map(([benchmark, cols]) => ({
      benchmark,
      columns: [...cols.values()].sort((a, b) => rank(a.checkpointId) - rank(b.checkpointId)
        || a.datasetVersionId.localeCompare(b.datasetVersionId) || String(a.language).localeCompare(String(b.language))),
    }));
}

/** The best value of a figure across columns (higher is better for every clean and judged figure), or undefined. */
export function best(columns: Column[], def: FigureDef): number | undefined {
  if (def.kind === 'count' || def.scale === 'text') return undefined;
  const vals = columns.map((c) => c.evaluation.metrics?.[def.key]).filter((v): v is number => typeof v === 'number' && isFinite(v));
  return vals.length > 1 ? Math.max(...vals) : undefined;
}

/** Evaluation jobs of the picked checkpoints that have no evaluation row yet (queued, running, failed, cancelled). */
export function pendingEvaluations(jobs: JobView[], finished: Evaluation[], checkpointIds: string[]): JobView[] {
  const done = new Set(finished.map((e) => e.id));
  const picked = new Set(checkpointIds);
  return jobs.filter((j) => j.type === 'inference.evaluate' && !done.has(j.id) && picked.has(j.payload?.checkpointId));
}

/** The benchmark a version's import format implies (dfew_csv -> dfew, ...), or undefined for Emotion-Qwen JSON. */
export function benchmarkFor(sourceFormat?: string): Benchmark | undefined {
  const f = String(sourceFormat || '').toLowerCase();
  return BENCHMARKS.find((b) => f.startsWith(b + '_'));
}
