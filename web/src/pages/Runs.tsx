import { useState, type FormEvent } from 'react';
import { api, fill, fmtDate, tenantPath, type Operation } from '../api';
import { Badge, Card, Empty, ErrorBox, Field, Loading, NotAvailable, useLoad, useOps, type Need } from '../common';
import { useT } from '../i18n';
import { Link, navigate } from '../router';
import { JobTable, STAGES, useJobList } from './Jobs';

const T = '/api/v1/tenants/{tenant}';
export const RUN_NEEDS: Need[] = [
  { method: 'GET', path: `${T}/training-templates`, what: 'run templates for the wizard' },
  { method: 'POST', path: `${T}/training-runs`, what: 'launch a training run' },
  { method: 'GET', path: `${T}/training-runs`, what: 'list training runs' },
];
// Accept either spelling the training engineer may choose (…/training-runs or …/runs, …/training-templates or …/templates).
const find = (ops: Operation[] | undefined, method: string, re: RegExp) => ops?.find((o) => o.method === method && re.test(o.path));
export function runOps(ops?: Operation[]) {
  const templates = find(ops, 'GET', /^\/api\/v1\/tenants\/\{[^}]+\}\/(training-)?(run-)?templates$/);
  const create = find(ops, 'POST', /^\/api\/v1\/tenants\/\{[^}]+\}\/(training-)?runs$/);
  const list = find(ops, 'GET', /^\/api\/v1\/tenants\/\{[^}]+\}\/(training-)?runs$/);
  const missing = [templates ? null : RUN_NEEDS[0], create ? null : RUN_NEEDS[1], list ? null : RUN_NEEDS[2]].filter(Boolean) as Need[];
  return { templates, create, list, missing, ready: !!ops };
}
const items = (x: any): any[] => (Array.isArray(x) ? x : x?.runs || x?.templates || x?.items || []);

export function RunsPage({ tenant }: { tenant: string }) {
  const t = useT();
  const ops = useOps();
  const r = runOps(ops);
  const runs = useLoad(async () => (r.list ? items(await api('GET', fill(r.list.path, [tenant]))) : null), [ops, tenant]);
  const jobs = useJobList(tenant, {});
  const trainingJobs = jobs.jobs.filter((j) => /train/i.test(j.type));
  return (
    <>
      <h1>{t('Training runs')}</h1>
      <Card title={t('Training runs')} actions={<Link className="button primary" to={`/t/${tenant}/runs/new`}>{t('New run')}</Link>}>
        {!r.ready ? <Loading /> : !r.list ? <NotAvailable feature={t('Training runs')} missing={r.missing.filter((m) => m.method === 'GET' && /runs$/.test(m.path))} /> : (
          <>
            <ErrorBox error={runs.error} />
            {!runs.data?.length ? <Empty /> : (
              <table className="table" data-testid="runs">
                <thead><tr><th>{t('Name')}</th><th>{t('Template')}</th><th>{t('State')}</th><th>{t('Created')}</th></tr></thead>
                <tbody>{runs.data.map((x: any) => (
                  <tr key={x.id}><td><Link to={`/t/${tenant}/jobs/${x.jobId || x.id}`}>{x.name || x.id}</Link></td><td>{x.template}</td><td><Badge value={x.state} /></td><td>{fmtDate(x.createdAt)}</td></tr>
                ))}</tbody>
              </table>
            )}
          </>
        )}
      </Card>
      <Card title={`${t('Jobs')} (train*)`}>
        <ErrorBox error={jobs.error} />
        <JobTable tenant={tenant} jobs={trainingJobs} />
      </Card>
    </>
  );
}

export function NewRunPage({ tenant }: { tenant: string }) {
  const t = useT();
  const ops = useOps();
  const r = runOps(ops);
  const templates = useLoad(async () => (r.templates ? items(await api('GET', fill(r.templates.path, [tenant]))) : []), [ops, tenant]);
  const datasets = useLoad(() => api<any[]>('GET', tenantPath(tenant, '/datasets')), [tenant]);
  const preset = new URLSearchParams(location.search).get('dataset');
  const [step, setStep] = useState(0);
  const [form, setForm] = useState<any>({ name: '', template: '', stages: [...STAGES], datasets: preset ? [preset] : [], method: 'lora', hyper: { learningRate: '1e-4', epochs: '1', batchSize: '1', loraRank: '8', maxSteps: '' } });
  const [error, setError] = useState<unknown>();
  if (!r.ready) return <Loading />;
  if (!r.create || !r.templates) return <><h1>{t('New run')}</h1><NotAvailable feature={t('New run')} missing={r.missing.filter((m) => !(m.method === 'GET' && /runs$/.test(m.path)))} /></>;
  const pickTemplate = (name: string) => {
    const tpl = templates.data?.find((x: any) => (x.name || x.id) === name);
    setForm({ ...form, template: name, stages: tpl?.stages?.map((s: any) => (typeof s === 'string' ? s : s.stage || s.name)) || form.stages,
      method: tpl?.method || tpl?.finetune || form.method, hyper: { ...form.hyper, ...(tpl?.hyperParameters || tpl?.defaults || {}) } });
  };
  const launch = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const hyper: Record<string, number> = {};
      for (const [k, v] of Object.entries<string>(form.hyper)) if (String(v).trim() !== '') hyper[k] = Number(v);
      const run = await api<any>('POST', fill(r.create!.path, [tenant]), {
        name: form.name || undefined, template: form.template || undefined, stages: form.stages, datasetIds: form.datasets, method: form.method, hyperParameters: hyper,
      });
      navigate(`/t/${tenant}/jobs/${run.jobId || run.id}`);
    } catch (err) { setError(err); }
  };
  const steps = [t('Template'), t('Dataset'), t('Fine-tuning'), t('Hyper-parameters')];
  return (
    <>
      <h1>{t('New run')}</h1>
      <ol className="steps">{steps.map((s, i) => <li key={s} aria-current={i === step ? 'step' : undefined} className={i === step ? 'on' : ''}>{s}</li>)}</ol>
      <form className="card" onSubmit={launch} data-testid="run-wizard">
        {step === 0 && (
          <>
            <Field label={t('Name')}><input name="runName" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} /></Field>
            <Field label={t('Template')}>
              <select name="template" value={form.template} onChange={(e) => pickTemplate(e.target.value)}>
                <option value="">—</option>{templates.data?.map((x: any) => <option key={x.name || x.id} value={x.name || x.id}>{x.displayName || x.name || x.id}</option>)}
              </select>
            </Field>
            <fieldset><legend>{t('Stages')}</legend>
              {STAGES.map((s) => <label key={s} className="inline"><input type="checkbox" checked={form.stages.includes(s)} onChange={(e) => setForm({ ...form, stages: e.target.checked ? STAGES.filter((x) => x === s || form.stages.includes(x)) : form.stages.filter((x: string) => x !== s) })} /> {s}</label>)}
            </fieldset>
          </>
        )}
        {step === 1 && (
          <fieldset><legend>{t('Datasets')}</legend>
            {(datasets.data || []).map((d: any) => <label key={d.id} className="inline"><input type="checkbox" name="dataset" value={d.id} checked={form.datasets.includes(d.id)} onChange={(e) => setForm({ ...form, datasets: e.target.checked ? [...form.datasets, d.id] : form.datasets.filter((x: string) => x !== d.id) })} /> {d.name}</label>)}
            {!datasets.data?.length && <Empty />}
          </fieldset>
        )}
        {step === 2 && (
          <fieldset><legend>{t('Fine-tuning')}</legend>
            <label className="inline"><input type="radio" name="method" checked={form.method === 'lora'} onChange={() => setForm({ ...form, method: 'lora' })} /> {t('LoRA')}</label>
            <label className="inline"><input type="radio" name="method" checked={form.method === 'full'} onChange={() => setForm({ ...form, method: 'full' })} /> {t('Full')}</label>
          </fieldset>
        )}
        {step === 3 && (
          <div className="form-grid">
            {Object.entries<string>(form.hyper).map(([k, v]) => (
              <Field key={k} label={k}><input name={`hyper.${k}`} value={v} onChange={(e) => setForm({ ...form, hyper: { ...form.hyper, [k]: e.target.value } })} /></Field>
            ))}
          </div>
        )}
        <ErrorBox error={error} />
        <div className="actions">
          {step > 0 && <button type="button" onClick={() => setStep(step - 1)}>{t('Back')}</button>}
          {step < 3 ? <button type="button" className="primary" onClick={() => setStep(step + 1)}>{t('Next')}</button> : <button className="primary" type="submit" data-testid="launch">{t('Launch run')}</button>}
        </div>
      </form>
    </>
  );
}
