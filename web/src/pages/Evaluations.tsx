import { useContext, useEffect, useState, type FormEvent } from 'react';
import { api, fill, fmtDate, problemFields, tenantPath, type JobView, type Operation } from '../api';
import { Badge, Card, Empty, ErrorBox, Field, FormError, Loading, NotAvailable, resolve, useLoad, useOps, type Need } from '../common';
import { ConfusionMatrix } from '../charts';
import { LangContext, useT } from '../i18n';
import { Link } from '../router';
import {
  BENCHMARKS, benchmarkFor, best, compareByBenchmark, confusionOf, figureDefs, formatFigure, pendingEvaluations, skippedReason,
  type Column, type Evaluation, type FigureDef, type JobAccepted,
} from './evaluations';

const T = '/api/v1/tenants/{tenant}/checkpoints/{checkpointId}';
export const EVAL_NEEDS: Need[] = [
  { method: 'GET', path: `${T}/evaluations`, what: 'the evaluations of a checkpoint (figures, confusion matrices)' },
  { method: 'POST', path: `${T}/evaluations`, what: 'start an evaluation on a benchmark' },
  { method: 'POST', path: `${T}/batch-inferences`, what: 'run a checkpoint over a dataset version' },
];
const BENCH_NAMES: Record<string, string> = { dfew: 'DFEW', mer2024: 'MER2024', emer: 'EMER' };
const benchName = (b: string) => BENCH_NAMES[b] || b;
const ACTIVE = new Set(['WAITING', 'QUEUED', 'RUNNING', 'CANCELLING']);

interface Checkpoint { id: string; name: string; stage?: string; createdAt?: string }
/** A dataset version as the forms offer it. */
export interface VersionOption { id: string; label: string; kind: string; state: string; sourceFormat?: string }

/** Every version of every dataset of the tenant (one call per dataset), labelled "name vN". */
export function useVersions(tenant: string) {
  return useLoad(async () => {
    const datasets = await api<any[]>('GET', tenantPath(tenant, '/datasets'));
    const lists = await Promise.all(datasets.map((d) => api<any[]>('GET', tenantPath(tenant, `/datasets/${d.id}/versions`))
      .then((vs) => vs.map((v): VersionOption => ({ id: v.id, label: `${d.name} v${v.version}`, kind: d.kind, state: v.state, sourceFormat: v.sourceFormat })))
      .catch(() => [] as VersionOption[])));
    return lists.flat();
  }, [tenant]);
}

async function evaluationsOf(op: Operation, tenant: string, ids: string[]) {
  const lists = await Promise.all(ids.map((id) => api<Evaluation[]>('GET', fill(op.path, [tenant, id]))));
  return lists.flat();
}

export function EvaluationsPage({ tenant }: { tenant: string }) {
  const t = useT();
  const ops = useOps();
  const r = resolve(ops, EVAL_NEEDS);
  const [listOp, createOp, batchOp] = r.found;
  const cps = useLoad(() => api<Checkpoint[]>('GET', tenantPath(tenant, '/checkpoints')), [tenant]);
  const versions = useVersions(tenant);
  const initial = new URLSearchParams(location.search).get('checkpoints');
  const [picked, setPicked] = useState<string[] | null>(initial ? initial.split(',').filter(Boolean) : null);
  // Nothing picked yet: the newest checkpoint, so the page opens on something to read.
  const chosen = picked ?? (cps.data?.length ? [[...cps.data].sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)))[0].id] : []);
  const pick = (ids: string[]) => {
    setPicked(ids);
    const q = new URLSearchParams(location.search);
    if (ids.length) q.set('checkpoints', ids.join(',')); else q.delete('checkpoints');
    history.replaceState(null, '', location.pathname + (q.toString() ? `?${q}` : ''));
  };
  const evals = useLoad(async () => (listOp ? evaluationsOf(listOp, tenant, chosen) : []), [listOp?.path, tenant, chosen.join()]);
  const jobs = useLoad(async () => {
    const q = (type: string) => api<{ jobs: JobView[] }>('GET', tenantPath(tenant, `/jobs?type=${type}&limit=100`)).then((p) => p.jobs);
    const [evaluate, batch] = await Promise.all([q('inference.evaluate'), q('inference.batch')]);
    return { evaluate, batch };
  }, [tenant]);
  const pending = pendingEvaluations(jobs.data?.evaluate || [], evals.data || [], chosen);
  const busy = pending.some((j) => ACTIVE.has(j.state)) || (jobs.data?.batch || []).some((j) => ACTIVE.has(j.state));
  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(() => { jobs.reload(); evals.reload(); }, 5000);
    return () => clearInterval(timer);
  }, [busy, jobs.reload, evals.reload]);
  if (!ops) return <><h1>{t('Evaluations')}</h1><Loading /></>;
  const cpName = (id: string) => cps.data?.find((c) => c.id === id)?.name || id.slice(0, 8);
  const vLabel = (id: string) => versions.data?.find((v) => v.id === id)?.label || id.slice(0, 8);
  const started = () => { jobs.reload(); evals.reload(); };
  return (
    <>
      <h1>{t('Evaluations')}</h1>
      {!listOp ? <NotAvailable feature={t('Evaluations')} missing={r.missing} /> : (
        <>
          <Card title={t('Select checkpoints to compare')}>
            <ErrorBox error={cps.error} />
            {cps.loading && !cps.data ? <Loading /> : !cps.data?.length ? <p className="muted">{t('No checkpoints yet: a training run registers one per stage.')}</p> : (
              <fieldset className="picker" data-testid="checkpoint-picker"><legend className="sr-only">{t('Checkpoints')}</legend>
                {cps.data.map((c) => (
                  <label key={c.id} className="inline"><input type="checkbox" name="compare" value={c.id} checked={chosen.includes(c.id)}
                    onChange={(e) => pick(e.target.checked ? [...chosen, c.id] : chosen.filter((x) => x !== c.id))} /> {c.name}{c.stage ? <span className="muted small"> ({c.stage})</span> : null}</label>
                ))}
              </fieldset>
            )}
          </Card>
          <Card title={t('Evaluations')} actions={<button onClick={started}>{t('Refresh')}</button>}>
            <ErrorBox error={evals.error || jobs.error} />
            <EvaluationList tenant={tenant} finished={evals.data || []} pending={pending} cpName={cpName} vLabel={vLabel} loading={evals.loading && !evals.data} />
          </Card>
          {compareByBenchmark(evals.data || [], chosen).map((g) => (
            <Card key={g.benchmark} title={`${benchName(g.benchmark)} — ${t('side by side')}`}>
              <Comparison benchmark={g.benchmark} columns={g.columns} cpName={cpName} vLabel={vLabel} />
            </Card>
          ))}
        </>
      )}
      <ErrorBox error={versions.error} />
      <div className="two-col">
        <Card title={t('Start an evaluation')}>
          {!createOp ? <NotAvailable feature={t('Start an evaluation')} missing={[EVAL_NEEDS[1]]} />
            : <EvaluationForm tenant={tenant} op={createOp} checkpoints={cps.data || []} versions={versions.data} preset={chosen[0]} onStarted={started} />}
        </Card>
        <Card title={t('Batch inference')}>
          {!batchOp ? <NotAvailable feature={t('Batch inference')} missing={[EVAL_NEEDS[2]]} />
            : <BatchForm tenant={tenant} op={batchOp} checkpoints={cps.data || []} versions={versions.data} preset={chosen[0]} onStarted={started} />}
          <BatchJobs tenant={tenant} jobs={jobs.data?.batch || []} cpName={cpName} vLabel={vLabel} />
        </Card>
      </div>
    </>
  );
}

function EvaluationList({ tenant, finished, pending, cpName, vLabel, loading }: {
  tenant: string; finished: Evaluation[]; pending: JobView[]; cpName: (id: string) => string; vLabel: (id: string) => string; loading: boolean;
}) {
  const t = useT();
  if (loading) return <Loading />;
  if (!finished.length && !pending.length) return <Empty />;
  const rows = [
    ...pending.map((j) => ({ id: j.id, checkpointId: j.payload?.checkpointId, benchmark: String(j.payload?.benchmark || ''), versionId: j.payload?.datasetVersionId, language: j.payload?.language, state: j.state, samples: undefined as number | undefined, createdAt: j.createdAt, error: j.error })),
    ...finished.map((e) => ({ id: e.id, checkpointId: e.checkpointId, benchmark: e.benchmark, versionId: e.datasetVersionId, language: e.language, state: 'SUCCEEDED', samples: e.samples, createdAt: e.createdAt, error: skippedReason(e) ? `${t('Skipped')}: ${skippedReason(e)}` : undefined })),
  ];
  return (
    <table className="table" data-testid="evaluations">
      <thead><tr><th>{t('Checkpoint')}</th><th>{t('Benchmark')}</th><th>{t('Dataset version')}</th><th>{t('Language')}</th><th>{t('State')}</th><th>{t('Samples')}</th><th>{t('Created')}</th></tr></thead>
      <tbody>{rows.map((x) => (
        <tr key={x.id}>
          <td><Link to={`/t/${tenant}/checkpoints/${x.checkpointId}`}>{cpName(x.checkpointId)}</Link></td>
          <td>{benchName(x.benchmark)}</td><td>{vLabel(x.versionId)}</td><td>{x.language}</td>
          <td><Link to={`/t/${tenant}/jobs/${x.id}`} aria-label={`${t('Job')} ${x.id.slice(0, 8)}: ${x.state}`}><Badge value={x.state} /></Link>
            {x.error && <div className={x.state === 'SUCCEEDED' ? 'skipped small' : 'error-text small'}>{x.error}</div>}</td>
          <td>{x.samples ?? ''}</td><td>{fmtDate(x.createdAt)}</td>
        </tr>
      ))}</tbody>
    </table>
  );
}

/** One benchmark: a figures table (clean first, then reference-compatible), then the confusion matrices. */
export function Comparison({ benchmark, columns, cpName, vLabel }: { benchmark: string; columns: Column[]; cpName: (id: string) => string; vLabel: (id: string) => string }) {
  const t = useT();
  // Figures no compared evaluation has (a skipped EMER's scores) are left out; samples always show.
  const defs = figureDefs(benchmark, columns.map((c) => c.evaluation.metrics))
    .filter((d) => d.key === 'samples' || columns.some((c) => c.evaluation.metrics?.[d.key] != null));
  const sections: { title: string; cls: string; rows: FigureDef[] }[] = [
    { title: benchmark === 'emer' ? t('Judged figures') : t('Clean figures (scored label)'), cls: 'clean', rows: defs.filter((d) => d.kind === 'clean' || d.kind === 'judge') },
    { title: t('Reference-compatible (published script)'), cls: 'reference', rows: defs.filter((d) => d.kind === 'reference') },
    { title: t('Counts'), cls: 'counts', rows: defs.filter((d) => d.kind === 'count') },
  ].filter((s) => s.rows.length);
  const anySkipped = columns.some((c) => skippedReason(c.evaluation));
  const head = (c: Column) => (
    <th key={c.key} scope="col" className="num">
      {cpName(c.checkpointId)}<br /><span className="muted small">{vLabel(c.datasetVersionId)}{c.language ? ` · ${c.language}` : ''} · {fmtDate(c.evaluation.createdAt)}</span>
      {c.older > 0 && <><br /><span className="muted small">{t('newest of')} {c.older + 1}</span></>}
    </th>
  );
  return (
    <>
      <table className="table metrics-table" data-testid={`metrics-${benchmark}`}>
        <thead><tr><th scope="col">{t('Metric')}</th>{columns.map(head)}</tr></thead>
        <tbody>
          {anySkipped && (
            <tr><th scope="row">{t('Skipped')}</th>{columns.map((c) => <td key={c.key} className="skipped" data-testid="skipped-reason">{skippedReason(c.evaluation) ?? ''}</td>)}</tr>
          )}
          {sections.map((s) => [
            <tr key={s.cls} className={`section ${s.cls}`}><th colSpan={columns.length + 1} scope="rowgroup">{s.title}</th></tr>,
            ...s.rows.map((d) => {
              const top = best(columns, d);
              return (
                <tr key={s.cls + d.key}>
                  <th scope="row">{t(d.label)}{d.kind === 'reference' ? <span className="muted small"> ({t('reference-compatible')})</span> : null}</th>
                  {columns.map((c) => {
                    const v = c.evaluation.metrics?.[d.key];
                    const isBest = top !== undefined && v === top;
                    return <td key={c.key} className={`num${isBest ? ' best' : ''}`} title={isBest ? t('best of the compared') : undefined}>{skippedReason(c.evaluation) && d.kind !== 'count' ? '' : formatFigure(v, d.scale)}</td>;
                  })}
                </tr>
              );
            }),
          ])}
        </tbody>
      </table>
      {columns.some((c) => confusionOf(c.evaluation, 'clean')) && (
        <>
          <h3>{t('Confusion matrix')} — {t('clean (scored label)')}</h3>
          <div className="confusions">{columns.map((c) => { const m = confusionOf(c.evaluation, 'clean'); return m ? <ConfusionMatrix key={c.key} title={`${cpName(c.checkpointId)} · ${vLabel(c.datasetVersionId)}`} labels={m.labels} matrix={m.rows} /> : null; })}</div>
        </>
      )}
      {columns.some((c) => confusionOf(c.evaluation, 'reference')) && (
        <details>
          <summary>{t('Confusion matrix')} — {t('Reference-compatible (published script)')}</summary>
          <div className="confusions">{columns.map((c) => { const m = confusionOf(c.evaluation, 'reference'); return m ? <ConfusionMatrix key={c.key} title={`${cpName(c.checkpointId)} · ${vLabel(c.datasetVersionId)} (${t('reference-compatible')})`} labels={m.labels} matrix={m.rows} /> : null; })}</div>
        </details>
      )}
    </>
  );
}

function Started({ tenant, job }: { tenant: string; job?: JobAccepted }) {
  const t = useT();
  if (!job) return null;
  return <p role="status" data-testid="started-job">{t('Queued')}: <Link to={`/t/${tenant}/jobs/${job.jobId}`}>{t('Job')} {job.jobId.slice(0, 8)}</Link> <Badge value={job.state} /></p>;
}

const numberOrUndefined = (s: string) => (s.trim() === '' ? undefined : Number(s));
const NOT_FOUND_FIELDS = { checkpoint: 'checkpointId', 'dataset version': 'datasetVersionId' };

/** Posts a start request; keeps the accepted job, or the refusal split by the form's fields. */
function useStartJob(fieldNames: string[], onStarted: () => void) {
  const [error, setError] = useState<unknown>();
  const [job, setJob] = useState<JobAccepted>();
  const [sending, setSending] = useState(false);
  const start = async (path: string, body: unknown) => {
    setSending(true); setError(undefined); setJob(undefined);
    try {
      setJob(await api<JobAccepted>('POST', path, body));
      onStarted();
    } catch (err) { setError(err); } finally { setSending(false); }
  };
  return { error, job, sending, start, fields: problemFields(error, fieldNames, NOT_FOUND_FIELDS) };
}

function CheckpointSelect({ name, value, checkpoints, error, onChange }: { name: string; value: string; checkpoints: Checkpoint[]; error?: string[]; onChange: (id: string) => void }) {
  const t = useT();
  return (
    <Field label={t('Checkpoint')} error={error}>
      <select name={name} required value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">—</option>{checkpoints.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
      </select>
    </Field>
  );
}

function EvaluationForm({ tenant, op, checkpoints, versions, preset, onStarted }: {
  tenant: string; op: Operation; checkpoints: Checkpoint[]; versions?: VersionOption[]; preset?: string; onStarted: () => void;
}) {
  const t = useT();
  const { lang } = useContext(LangContext);
  const [form, setForm] = useState({ checkpointId: '', datasetVersionId: '', benchmark: 'dfew', language: lang as string, maxNewTokens: '' });
  const { error, job, sending, start, fields } = useStartJob(['checkpointId', 'datasetVersionId', 'benchmark', 'language', 'maxNewTokens'], onStarted);
  const evalVersions = (versions || []).filter((v) => v.kind === 'eval_clips' && v.state === 'READY');
  const checkpointId = form.checkpointId || preset || '';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    start(fill(op.path, [tenant, checkpointId]), {
      datasetVersionId: form.datasetVersionId, benchmark: form.benchmark, language: form.language, maxNewTokens: numberOrUndefined(form.maxNewTokens),
    });
  };
  const pickVersion = (id: string) => {
    const implied = benchmarkFor(evalVersions.find((v) => v.id === id)?.sourceFormat);
    setForm({ ...form, datasetVersionId: id, benchmark: implied || form.benchmark });
  };
  return (
    <form onSubmit={submit} data-testid="start-evaluation">
      <div className="form-grid">
        <CheckpointSelect name="checkpointId" value={checkpointId} checkpoints={checkpoints} error={fields.byField.checkpointId} onChange={(id) => setForm({ ...form, checkpointId: id })} />
        <Field label={t('Dataset version (evaluation clips)')} error={fields.byField.datasetVersionId}>
          <select name="datasetVersionId" required value={form.datasetVersionId} onChange={(e) => pickVersion(e.target.value)}>
            <option value="">—</option>{evalVersions.map((v) => <option key={v.id} value={v.id}>{v.label}{v.sourceFormat ? ` (${v.sourceFormat})` : ''}</option>)}
          </select>
        </Field>
        <Field label={t('Benchmark')} error={fields.byField.benchmark}>
          <select name="benchmark" value={form.benchmark} onChange={(e) => setForm({ ...form, benchmark: e.target.value })}>
            {BENCHMARKS.map((b) => <option key={b} value={b}>{benchName(b)}</option>)}
          </select>
        </Field>
        <Field label={t('Language')} error={fields.byField.language}>
          <select name="language" value={form.language} onChange={(e) => setForm({ ...form, language: e.target.value })}>
            <option value="en">English</option><option value="zh">中文</option>
          </select>
        </Field>
        <Field label={t('Max new tokens')} error={fields.byField.maxNewTokens}>
          <input name="maxNewTokens" type="number" min={1} placeholder={form.benchmark === 'emer' ? '1024' : '128'} value={form.maxNewTokens} onChange={(e) => setForm({ ...form, maxNewTokens: e.target.value })} />
        </Field>
      </div>
      {versions && !evalVersions.length && (
        <p className="muted small" data-testid="no-eval-versions">{t('No READY dataset version of kind eval_clips in this tenant: import DFEW, MER2024 or EMER clips under')} <Link to={`/t/${tenant}/datasets`}>{t('Datasets')}</Link>.</p>
      )}
      {form.benchmark === 'emer' && <p className="muted small">{t('EMER is scored by a language model as judge; without a judge endpoint the evaluation records why it was skipped.')}</p>}
      <FormError error={error} other={fields.other} />
      <Started tenant={tenant} job={job} />
      <div className="actions"><button className="primary" type="submit" disabled={sending} data-testid="evaluate">{t('Start evaluation')}</button></div>
    </form>
  );
}

function BatchForm({ tenant, op, checkpoints, versions, preset, onStarted }: {
  tenant: string; op: Operation; checkpoints: Checkpoint[]; versions?: VersionOption[]; preset?: string; onStarted: () => void;
}) {
  const t = useT();
  const [form, setForm] = useState({ checkpointId: '', datasetVersionId: '', prompt: '', labels: '', maxNewTokens: '', question: 'last' });
  const { error, job, sending, start, fields } = useStartJob(['checkpointId', 'datasetVersionId', 'prompt', 'labels', 'maxNewTokens', 'question'], onStarted);
  const ready = (versions || []).filter((v) => v.state === 'READY');
  const checkpointId = form.checkpointId || preset || '';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const labels = form.labels.split(',').map((s) => s.trim()).filter(Boolean);
    start(fill(op.path, [tenant, checkpointId]), {
      datasetVersionId: form.datasetVersionId, prompt: form.prompt.trim() || undefined, labels: labels.length ? labels : undefined,
      maxNewTokens: numberOrUndefined(form.maxNewTokens), question: form.question,
    });
  };
  return (
    <form onSubmit={submit} data-testid="start-batch">
      <div className="form-grid">
        <CheckpointSelect name="batchCheckpointId" value={checkpointId} checkpoints={checkpoints} error={fields.byField.checkpointId} onChange={(id) => setForm({ ...form, checkpointId: id })} />
        <Field label={t('Dataset version')} error={fields.byField.datasetVersionId}>
          <select name="batchDatasetVersionId" required value={form.datasetVersionId} onChange={(e) => setForm({ ...form, datasetVersionId: e.target.value })}>
            <option value="">—</option>{ready.map((v) => <option key={v.id} value={v.id}>{v.label} ({v.kind})</option>)}
          </select>
        </Field>
        <Field label={t('Max new tokens')} error={fields.byField.maxNewTokens}>
          <input name="batchMaxNewTokens" type="number" min={1} placeholder="128" value={form.maxNewTokens} onChange={(e) => setForm({ ...form, maxNewTokens: e.target.value })} />
        </Field>
        <Field label={t('Question asked of multi-turn records')} error={fields.byField.question}>
          <select name="batchQuestion" value={form.question} onChange={(e) => setForm({ ...form, question: e.target.value })}>
            <option value="last">{t('The last, after the earlier turns')}</option>
            <option value="first">{t('The first, with no answer in the context')}</option>
          </select>
        </Field>
      </div>
      <Field label={t('Prompt (replaces each record\'s question; empty: the record\'s own)')} error={fields.byField.prompt}>
        <textarea name="batchPrompt" rows={2} value={form.prompt} onChange={(e) => setForm({ ...form, prompt: e.target.value })} />
      </Field>
      <Field label={t('Labels to score (comma-separated; empty: none)')} error={fields.byField.labels}>
        <input name="batchLabels" value={form.labels} placeholder="happy, sad, neutral, angry, surprise, disgust, fear" onChange={(e) => setForm({ ...form, labels: e.target.value })} />
      </Field>
      <FormError error={error} other={fields.other} />
      <Started tenant={tenant} job={job} />
      <div className="actions"><button className="primary" type="submit" disabled={sending} data-testid="batch">{t('Start batch inference')}</button></div>
    </form>
  );
}

function BatchJobs({ tenant, jobs, cpName, vLabel }: { tenant: string; jobs: JobView[]; cpName: (id: string) => string; vLabel: (id: string) => string }) {
  const t = useT();
  if (!jobs.length) return null;
  return (
    <>
      <h3>{t('Recent batch inferences')}</h3>
      <table className="table" data-testid="batch-jobs">
        <thead><tr><th>{t('Job')}</th><th>{t('Checkpoint')}</th><th>{t('Dataset version')}</th><th>{t('State')}</th><th>{t('Result')}</th></tr></thead>
        <tbody>{jobs.slice(0, 10).map((j) => (
          <tr key={j.id}>
            <td><Link className="mono" to={`/t/${tenant}/jobs/${j.id}`}>{j.id.slice(0, 8)}</Link></td>
            <td>{j.payload?.checkpointId ? cpName(j.payload.checkpointId) : ''}</td><td>{j.payload?.datasetVersionId ? vLabel(j.payload.datasetVersionId) : ''}</td>
            <td><Badge value={j.state} /></td>
            <td className="small">{j.state === 'SUCCEEDED' && j.result?.resultsKey && j.payload?.checkpointId
              ? <><a href={tenantPath(tenant, `/checkpoints/${j.payload.checkpointId}/batch-inferences/${j.id}/results`)} download>{t('Download results')}</a> ({j.result.records} {t('Records')})</>
              : j.error ? <span className="error-text">{j.error}</span> : ''}</td>
          </tr>
        ))}</tbody>
      </table>
    </>
  );
}
