import { useEffect, useState, type FormEvent } from 'react';
import { api, fieldPath, fill, fmtDate, problemFields, tenantPath, type Operation } from '../api';
import { Badge, Card, Empty, ErrorBox, Field, FormError, Loading, NotAvailable, useLoad, useOps, type Need } from '../common';
import { useT } from '../i18n';
import { Link, navigate } from '../router';
import { Curves, JobTable, Logs, Pipeline, TERMINAL, useJobList, useJobLive } from './Jobs';
import { buildRequest, fieldNames, formFor, loraAllowed, stepOf, NUMBER_FIELDS, type RunForm, type StageForm, type Template } from './runs';

const T = '/api/v1/tenants/{tenant}';
export const RUN_NEEDS: Need[] = [
  { method: 'GET', path: `${T}/training-templates`, what: 'run templates for the wizard' },
  { method: 'POST', path: `${T}/training-runs`, what: 'launch a training run' },
  { method: 'GET', path: `${T}/training-runs`, what: 'list training runs' },
  { method: 'GET', path: `${T}/training-runs/{runId}`, what: 'a run with its stages' },
];
// Accept either spelling the training engineer may choose (…/training-runs or …/runs, …/training-templates or …/templates).
const find = (ops: Operation[] | undefined, method: string, re: RegExp) => ops?.find((o) => o.method === method && re.test(o.path));
export function runOps(ops?: Operation[]) {
  const templates = find(ops, 'GET', /^\/api\/v1\/tenants\/\{[^}]+\}\/(training-)?(run-)?templates$/);
  const create = find(ops, 'POST', /^\/api\/v1\/tenants\/\{[^}]+\}\/(training-)?runs$/);
  const list = find(ops, 'GET', /^\/api\/v1\/tenants\/\{[^}]+\}\/(training-)?runs$/);
  const get = find(ops, 'GET', /^\/api\/v1\/tenants\/\{[^}]+\}\/(training-)?runs\/\{[^}]+\}$/);
  const cancel = find(ops, 'POST', /^\/api\/v1\/tenants\/\{[^}]+\}\/(training-)?runs\/\{[^}]+\}\/cancel$/);
  const missing = [templates ? null : RUN_NEEDS[0], create ? null : RUN_NEEDS[1], list ? null : RUN_NEEDS[2], get ? null : RUN_NEEDS[3]].filter(Boolean) as Need[];
  return { templates, create, list, get, cancel, missing, ready: !!ops };
}
const items = (x: any): any[] => (Array.isArray(x) ? x : x?.runs || x?.templates || x?.items || []);

/** TrainingRunView / StageView (api/.../training/TrainingRunViews.java). */
export interface StageView {
  jobId: string; stage: string; state: string; progress?: number; progressMessage?: string; datasetVersionIds?: string[];
  trainable?: string[]; lora?: boolean; maxSteps?: number; modelConfig?: string; inputCheckpointId?: string; checkpointId?: string;
  error?: string; createdAt?: string;
}
export interface RunView { id: string; modelConfig?: string; fromCheckpointId?: string; state: string; createdAt?: string; stages: StageView[] }

export function RunsPage({ tenant }: { tenant: string }) {
  const t = useT();
  const ops = useOps();
  const r = runOps(ops);
  const runs = useLoad(async () => (r.list ? (items(await api('GET', fill(r.list.path, [tenant]))) as RunView[]) : null), [ops, tenant]);
  const jobs = useJobList(tenant, { type: 'training.stage' });
  return (
    <>
      <h1>{t('Training runs')}</h1>
      <Card title={t('Training runs')} actions={<Link className="button primary" to={`/t/${tenant}/runs/new`}>{t('New run')}</Link>}>
        {!r.ready ? <Loading /> : !r.list ? <NotAvailable feature={t('Training runs')} missing={r.missing.filter((m) => m.method === 'GET' && /runs$/.test(m.path))} /> : (
          <>
            <ErrorBox error={runs.error} />
            {runs.loading && !runs.data ? <Loading /> : !runs.data?.length ? <Empty /> : (
              <table className="table" data-testid="runs">
                <thead><tr><th>{t('Run')}</th><th>{t('Model config')}</th><th>{t('Stages')}</th><th>{t('State')}</th><th>{t('Created')}</th></tr></thead>
                <tbody>{runs.data.map((x) => (
                  <tr key={x.id}><td><Link className="mono" to={`/t/${tenant}/runs/${x.id}`}>{x.id.slice(0, 8)}</Link></td><td>{x.modelConfig}</td>
                    <td>{(x.stages || []).map((s) => s.stage).join(' → ')}</td><td><Badge value={x.state} /></td><td>{fmtDate(x.createdAt)}</td></tr>
                ))}</tbody>
              </table>
            )}
          </>
        )}
      </Card>
      <Card title={`${t('Jobs')} (training.stage)`}>
        <ErrorBox error={jobs.error} />
        <JobTable tenant={tenant} jobs={jobs.jobs} />
      </Card>
    </>
  );
}

interface ReadyVersion { id: string; version: number; datasetId: string; dataset: string; kind: string; validCount?: number }

/** The tenant's READY dataset versions, newest first per dataset, with their dataset's name and kind. */
function useReadyVersions(tenant: string) {
  return useLoad(async () => {
    const datasets = items(await api('GET', tenantPath(tenant, '/datasets')));
    const out: ReadyVersion[] = [];
    await Promise.all(datasets.map(async (d: any) => {
      const vs = items(await api('GET', tenantPath(tenant, `/datasets/${d.id}/versions`)).catch(() => []));
      for (const v of vs) if (String(v.state).toUpperCase() === 'READY') out.push({ id: v.id, version: v.version, datasetId: d.id, dataset: d.name, kind: d.kind, validCount: v.validCount });
    }));
    return out.sort((a, b) => a.dataset.localeCompare(b.dataset) || b.version - a.version);
  }, [tenant]);
}

export function NewRunPage({ tenant }: { tenant: string }) {
  const t = useT();
  const ops = useOps();
  const r = runOps(ops);
  const templates = useLoad(async () => (r.templates ? (items(await api('GET', fill(r.templates.path, [tenant]))) as Template[]) : []), [ops, tenant]);
  const versions = useReadyVersions(tenant);
  const checkpoints = useLoad(() => api<any[]>('GET', tenantPath(tenant, '/checkpoints')).catch(() => []), [tenant]);
  const presetDataset = new URLSearchParams(location.search).get('dataset');
  const preset = (() => {
    const v = versions.data?.find((x) => x.datasetId === presetDataset); // newest READY version of that dataset
    return v ? { kind: v.kind, versionId: v.id } : undefined;
  })();
  const [step, setStep] = useState(0);
  const [form, setForm] = useState<RunForm>();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [error, setError] = useState<unknown>();
  const [other, setOther] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const tpls = templates.data || [];
  // First template: one whose stages all name their dataset (runs without picking anything), else the first.
  useEffect(() => {
    if (form || !tpls.length || versions.loading) return;
    const tpl = tpls.find((x) => x.stages.every((s) => s.dataset)) || tpls[0];
    setForm(formFor(tpl, preset));
  }, [tpls, versions.loading]);
  if (!r.ready) return <Loading />;
  if (!r.create || !r.templates) return <><h1>{t('New run')}</h1><NotAvailable feature={t('New run')} missing={r.missing.filter((m) => m.method !== 'GET' || /templates$/.test(m.path))} /></>;
  const tpl = tpls.find((x) => x.name === form?.template);
  const onStages = form ? form.stages.map((s, i) => ({ s, i, tplStage: tpl?.stages.find((x) => x.stage === s.stage) })).filter((x) => x.s.on) : [];
  const clear = (...keys: string[]) => setFieldErrors((e) => { const n = { ...e }; for (const k of keys) delete n[k]; return n; });
  const setStage = (i: number, patch: Partial<StageForm>, key?: string) => {
    setForm((f) => f && { ...f, stages: f.stages.map((s, j) => (j === i ? { ...s, ...patch } : s)) });
    if (key) clear(key);
  };
  // Field paths count the stages that are on (stages[k] is the k-th stage sent), as the gateway's messages do.
  const err = (k: number, f: string) => fieldErrors[`stages[${k}].${f}`];
  const refuse = (byField: Record<string, string[]>, rest: string[], e: unknown) => {
    setFieldErrors(byField); setOther(rest); setError(e);
    const steps = Object.keys(byField).map(stepOf);
    if (steps.length) setStep(Math.min(...steps));
  };
  const launch = async (e: FormEvent) => {
    e.preventDefault();
    if (!form || busy) return;
    if (step < 3) { setStep(step + 1); return; } // Enter in a field of an earlier step goes on, it does not launch
    const built = buildRequest(form);
    if (!built.body) return refuse(built.errors, [], new Error(t('see the marked fields')));
    setBusy(true);
    try {
      const run = await api<RunView>('POST', fill(r.create!.path, [tenant]), built.body);
      navigate(`/t/${tenant}/runs/${run.id}`);
    } catch (err) {
      const { byField, other } = problemFields(err, fieldNames(form), {}, fieldPath);
      refuse(byField, other, err);
    } finally { setBusy(false); }
  };
  const steps = [t('Template'), t('Dataset'), t('Fine-tuning'), t('Hyper-parameters')];
  const groupError = (msgs?: string[]) => msgs?.length ? <p className="field-error" data-testid="field-error" role="alert">{msgs.join(' ')}</p> : null;
  return (
    <>
      <h1>{t('New run')}</h1>
      <ol className="steps">{steps.map((s, i) => <li key={s} aria-current={i === step ? 'step' : undefined} className={i === step ? 'on' : ''}>{s}</li>)}</ol>
      <form className="card" onSubmit={launch} data-testid="run-wizard" noValidate>
        {templates.error ? <ErrorBox error={templates.error} /> : !form ? <Loading /> : <>
          {step === 0 && (
            <>
              <div className="form-grid">
                <Field label={t('Template')} error={fieldErrors.template}>
                  <select name="template" value={form.template} onChange={(e) => { const x = tpls.find((y) => y.name === e.target.value); if (x) { setForm(formFor(x, preset)); setFieldErrors({}); } }}>
                    {tpls.map((x) => <option key={x.name} value={x.name}>{x.name} ({x.modelConfig})</option>)}
                  </select>
                </Field>
                <Field label={t('Start from checkpoint')} error={fieldErrors.fromCheckpointId}>
                  <select name="fromCheckpointId" value={form.fromCheckpointId} onChange={(e) => { setForm({ ...form, fromCheckpointId: e.target.value }); clear('fromCheckpointId'); }}>
                    <option value="">{t('a freshly initialised model')}</option>
                    {(checkpoints.data || []).filter((c: any) => !tpl || !c.modelConfig || c.modelConfig === tpl.modelConfig).map((c: any) => <option key={c.id} value={c.id}>{c.name}</option>)}
                  </select>
                </Field>
                <Field label={t('Seed')} error={fieldErrors.seed}><input name="seed" inputMode="numeric" placeholder="42" value={form.seed} onChange={(e) => { setForm({ ...form, seed: e.target.value }); clear('seed'); }} /></Field>
              </div>
              <fieldset data-testid="run-stages"><legend>{t('Stages')}</legend>
                {form.stages.map((s, i) => <label key={s.stage} className="inline"><input type="checkbox" name={`stage.${s.stage}`} checked={s.on} onChange={(e) => setStage(i, { on: e.target.checked }, 'stages')} /> {s.stage}</label>)}
                {groupError(fieldErrors.stages || onStages.flatMap((x, k) => err(k, 'stage') || []))}
              </fieldset>
            </>
          )}
          {step === 1 && onStages.map(({ s, i, tplStage }, k) => {
            const options = (versions.data || []).filter((v) => v.kind === tplStage?.datasetKind);
            return (
              <fieldset key={s.stage} data-testid={`datasets-${s.stage}`}><legend>{s.stage} <span className="muted small">({tplStage?.datasetKind})</span></legend>
                {options.map((v) => <label key={v.id} className="inline"><input type="checkbox" name={`versions.${s.stage}`} value={v.id} checked={s.versionIds.includes(v.id)}
                  onChange={(e) => setStage(i, { versionIds: e.target.checked ? [...s.versionIds, v.id] : s.versionIds.filter((x) => x !== v.id) }, `stages[${k}].datasetVersionIds`)} /> {v.dataset} v{v.version}{v.validCount != null ? ` (${v.validCount} ${t('Records').toLowerCase()})` : ''}</label>)}
                {!options.length && <p className="muted">{t('No READY version of this kind')}</p>}
                {!s.versionIds.length && <p className="muted small">{tplStage?.dataset ? `${t('None chosen: the newest READY version of')} ${tplStage.dataset}` : t('Choose the versions this stage trains on')}</p>}
                {groupError(err(k, 'datasetVersionIds'))}
              </fieldset>
            );
          })}
          {step === 2 && onStages.map(({ s, i, tplStage }, k) => {
            const allowed = !tplStage || loraAllowed(tplStage);
            return (
              <fieldset key={s.stage} data-testid={`method-${s.stage}`}><legend>{s.stage}</legend>
                <label className="inline"><input type="radio" name={`method.${s.stage}`} value="lora" disabled={!allowed} checked={s.lora} onChange={() => setStage(i, { lora: true }, `stages[${k}].lora`)} /> {t('LoRA')}</label>
                <label className="inline"><input type="radio" name={`method.${s.stage}`} value="full" checked={!s.lora} onChange={() => setStage(i, { lora: false }, `stages[${k}].lora`)} /> {t('Full')}</label>
                {!allowed && <span className="muted small">{t('LoRA adapts the llm, which this stage keeps frozen')}</span>}
                {groupError([...(err(k, 'lora') || []), ...(err(k, 'trainable') || [])])}
              </fieldset>
            );
          })}
          {step === 3 && onStages.map(({ s, i }, k) => (
            <fieldset key={s.stage} data-testid={`hyper-${s.stage}`}><legend>{s.stage}</legend>
              <div className="form-grid">
                {NUMBER_FIELDS.map((f) => (
                  <Field key={f} label={t(HYPER_LABELS[f])} error={err(k, f)}>
                    <input name={`${s.stage}.${f}`} inputMode="decimal" value={s[f]} onChange={(e) => setStage(i, { [f]: e.target.value }, `stages[${k}].${f}`)} />
                  </Field>
                ))}
              </div>
            </fieldset>
          ))}
        </>}
        <FormError error={error} other={other} />
        <div className="actions">
          {step > 0 && <button key="back" type="button" onClick={() => setStep(step - 1)}>{t('Back')}</button>}
          {/* keyed apart: reused in place, the clicked Next would turn into the submit button before its default action */}
          {step < 3 ? <button key="next" type="button" className="primary" onClick={() => setStep(step + 1)} disabled={!form}>{t('Next')}</button>
            : <button key="launch" className="primary" type="submit" data-testid="launch" disabled={!form || busy}>{t('Launch run')}</button>}
        </div>
      </form>
    </>
  );
}
const HYPER_LABELS: Record<(typeof NUMBER_FIELDS)[number], string> = {
  learningRate: 'Learning rate', maxSteps: 'Max steps', batchSize: 'Batch size', warmupSteps: 'Warm-up steps', gradientAccumulation: 'Gradient accumulation',
};

/** A run: its stages as a pipeline (state, progress, checkpoint), and the curves and logs of one stage's job. */
export function RunDetailPage({ tenant, id }: { tenant: string; id: string }) {
  const t = useT();
  const ops = useOps();
  const r = runOps(ops);
  const [run, setRun] = useState<RunView>();
  const [error, setError] = useState<unknown>();
  const [picked, setPicked] = useState<string>();
  const [tick, setTick] = useState(0);
  const load = () => (r.get ? api<RunView>('GET', fill(r.get.path, [tenant, id])).then((x) => { setRun(x); setError(undefined); }, setError) : Promise.resolve());
  useEffect(() => { load(); }, [ops, tenant, id, tick]);
  // Follow the run while a stage may still change.
  useEffect(() => {
    if (!run || TERMINAL.has(run.state)) return;
    const h = setTimeout(() => setTick((x) => x + 1), 2000);
    return () => clearTimeout(h);
  }, [run]);
  if (!r.ready) return <Loading />;
  if (!r.get) return <><h1>{t('Training run')}</h1><NotAvailable feature={t('Training run')} missing={r.missing.filter((m) => /\{runId\}$/.test(m.path))} /></>;
  // The stage shown: the one picked, else the earliest that has not succeeded (the one running or next), else the last.
  const active = run?.stages.find((s) => s.state !== 'SUCCEEDED') || run?.stages[run.stages.length - 1];
  const shown = run?.stages.find((s) => s.jobId === picked) || active;
  const cancel = () => r.cancel && api<RunView>('POST', fill(r.cancel.path, [tenant, id])).then(setRun, setError);
  return (
    <>
      <h1>{t('Training run')} <span className="mono small">{id}</span></h1>
      <ErrorBox error={error} />
      {!run ? (error ? null : <Loading />) : (
        <>
          <Card title={<>{run.modelConfig} <Badge value={run.state} /></>} actions={r.cancel && <button onClick={cancel} disabled={TERMINAL.has(run.state)} data-testid="cancel-run">{t('Cancel')}</button>}>
            <dl className="kv">
              <dt>{t('Created')}</dt><dd>{fmtDate(run.createdAt)}</dd>
              {run.fromCheckpointId && <><dt>{t('Parent')}</dt><dd><Link className="mono" to={`/t/${tenant}/checkpoints/${run.fromCheckpointId}`}>{run.fromCheckpointId.slice(0, 8)}</Link></dd></>}
            </dl>
            <Pipeline stages={run.stages} selected={shown?.jobId} onSelect={setPicked} tenant={tenant} />
          </Card>
          {shown && <StageLive key={shown.jobId} tenant={tenant} stage={shown} />}
        </>
      )}
    </>
  );
}

function StageLive({ tenant, stage }: { tenant: string; stage: StageView }) {
  const t = useT();
  const live = useJobLive(tenant, stage.jobId);
  return (
    <>
      <Card title={<>{t('Curves')}: {stage.stage}</>} actions={<Link to={`/t/${tenant}/jobs/${stage.jobId}`}>{t('Job')} {stage.jobId.slice(0, 8)}</Link>}>
        {stage.progressMessage && <p className="muted">{stage.progressMessage}</p>}
        {stage.error && <p className="error-text">{stage.error}</p>}
        <Curves events={live.events} />
      </Card>
      <Card title={t('Logs')}><Logs events={live.events} /></Card>
    </>
  );
}
