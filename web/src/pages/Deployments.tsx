import { useContext, useRef, useState, type FormEvent } from 'react';
import { api, fill, fmtDate, problemFields, tenantPath, type Operation } from '../api';
import { Badge, Card, Empty, ErrorBox, Field, Loading, NotAvailable, useLoad, useOps, type Need } from '../common';
import { BarChart } from '../charts';
import { LangContext, useT } from '../i18n';
import { Link, navigate } from '../router';
import { DFEW_LABELS, deploymentRequest, distributionBars, type DeploymentForm } from './deployments';

const T = '/api/v1/tenants/{tenant}';
export const ANALYZE_NEED: Need = { method: 'POST', path: `${T}/deployments/{deploymentName}/analyze`, what: 'analyze a clip (reasoning stream + emotion distribution)' };
const HEALTH_NEED: Need = { method: 'GET', path: `${T}/deployments/{deploymentId}/replicas`, what: 'replicas and their health' };
export const analyzeOp = (ops?: Operation[]) => ops?.find((o) => o.method === 'POST' && /\/deployments\/\{[^}]+\}\/(analyze|analyse|predict)$/.test(o.path));

export function DeploymentsPage({ tenant }: { tenant: string }) {
  const t = useT();
  const list = useLoad(() => api<any[]>('GET', tenantPath(tenant, '/deployments')), [tenant]);
  const cps = useLoad(() => api<any[]>('GET', tenantPath(tenant, '/checkpoints')), [tenant]);
  const [form, setForm] = useState<DeploymentForm>({ name: '', checkpointId: '', minReplicas: '1', maxReplicas: '1', maxNewTokens: '512', defaultPrompt: '', labels: '' });
  const [error, setError] = useState<unknown>();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const create = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    const { body, errors } = deploymentRequest(form);
    setFieldErrors(Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, [v]])));
    if (!body) return;
    try {
      const d = await api<any>('POST', tenantPath(tenant, '/deployments'), body);
      navigate(`/t/${tenant}/deployments/${d.id}`);
    } catch (err) {
      const { byField, other } = problemFields(err, ['name', 'checkpointId', 'minReplicas', 'maxReplicas', 'maxNewTokens', 'labels']);
      setFieldErrors(byField);
      if (other.length || !Object.keys(byField).length) setError(err);
    }
  };
  const fe = (k: string) => fieldErrors[k];
  return (
    <>
      <h1>{t('Deployments')}</h1>
      <ErrorBox error={list.error || error} />
      <Card title={t('Create deployment')}>
        <form className="form-row" onSubmit={create} data-testid="create-deployment">
          <Field label={t('Name')} error={fe('name')}><input name="name" required value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} /></Field>
          <Field label={t('Checkpoint')} error={fe('checkpointId')}>
            <select name="checkpointId" required value={form.checkpointId} onChange={(e) => setForm({ ...form, checkpointId: e.target.value })}>
              <option value="">—</option>{(cps.data || []).map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
            </select>
          </Field>
          <Field label={t('Min replicas')} error={fe('minReplicas')}><input name="minReplicas" type="number" min={0} max={100} value={form.minReplicas} onChange={(e) => setForm({ ...form, minReplicas: e.target.value })} /></Field>
          <Field label={t('Max replicas')} error={fe('maxReplicas')}><input name="maxReplicas" type="number" min={1} max={100} value={form.maxReplicas} onChange={(e) => setForm({ ...form, maxReplicas: e.target.value })} /></Field>
          <Field label={t('Max new tokens')} error={fe('maxNewTokens')}><input name="maxNewTokens" type="number" min={1} max={8192} value={form.maxNewTokens} onChange={(e) => setForm({ ...form, maxNewTokens: e.target.value })} /></Field>
          <Field label={t('Labels (comma-separated; empty: DFEW\'s 7)')} error={fe('labels')}>
            <input name="labels" value={form.labels} placeholder={DFEW_LABELS.join(',')} onChange={(e) => setForm({ ...form, labels: e.target.value })} />
          </Field>
          <button className="primary">{t('Create')}</button>
        </form>
      </Card>
      <Card title={t('Deployments')}>
        {list.loading && !list.data ? <Loading /> : !list.data?.length ? <Empty /> : (
          <table className="table" data-testid="deployments">
            <thead><tr><th>{t('Name')}</th><th>{t('State')}</th><th>{t('Replicas')}</th><th>{t('Checkpoint')}</th><th>{t('Created')}</th></tr></thead>
            <tbody>{list.data.map((d) => (
              <tr key={d.id}><td><Link to={`/t/${tenant}/deployments/${d.id}`}>{d.name}</Link></td><td><Badge value={d.state} /></td>
                <td>{d.minReplicas}–{d.maxReplicas}</td><td><Link className="mono" to={`/t/${tenant}/checkpoints/${d.checkpointId}`}>{String(d.checkpointId).slice(0, 8)}</Link></td><td>{fmtDate(d.createdAt)}</td></tr>
            ))}</tbody>
          </table>
        )}
      </Card>
    </>
  );
}

export function DeploymentDetailPage({ tenant, id }: { tenant: string; id: string }) {
  const t = useT();
  const ops = useOps();
  const d = useLoad(() => api<any>('GET', tenantPath(tenant, `/deployments/${id}`)), [tenant, id]);
  const healthOp = ops?.find((o) => o.method === 'GET' && /\/deployments\/\{[^}]+\}\/(replicas|health|status)$/.test(o.path));
  const health = useLoad(async () => (healthOp ? api<any>('GET', fill(healthOp.path, [tenant, id])) : null), [healthOp?.path, id]);
  const [error, setError] = useState<unknown>();
  const stop = () => api('POST', tenantPath(tenant, `/deployments/${id}/stop`)).then(d.reload, setError);
  const replicas: any[] = health.data ? (Array.isArray(health.data) ? health.data : health.data.replicas || []) : [];
  const analyze = analyzeOp(ops);
  return (
    <>
      <h1>{t('Deployment')}: {d.data?.name}</h1>
      <ErrorBox error={d.error || error} />
      {d.data && (
        <Card title={<>{d.data.name} <Badge value={d.data.state} /></>} actions={<button onClick={stop} disabled={d.data.state === 'STOPPED'}>{t('Stop')}</button>}>
          <dl className="kv">
            <dt>{t('Checkpoint')}</dt><dd><Link to={`/t/${tenant}/checkpoints/${d.data.checkpointId}`} className="mono">{d.data.checkpointId}</Link></dd>
            <dt>{t('Replicas')}</dt><dd>{d.data.minReplicas}–{d.data.maxReplicas}</dd>
            <dt>{t('Max new tokens')}</dt><dd>{d.data.maxNewTokens}</dd>
            <dt>{t('Labels')}</dt><dd>{(d.data.labels || []).join(', ')}</dd>
          </dl>
          <h3>{t('Health')}</h3>
          {!ops ? <Loading /> : !healthOp ? <NotAvailable feature={t('Health')} missing={[HEALTH_NEED]} /> : !replicas.length ? <Empty /> : (
            <table className="table"><thead><tr><th>#</th><th>{t('State')}</th><th>{t('Health')}</th></tr></thead>
              <tbody>{replicas.map((r, i) => <tr key={r.id ?? i}><td>{r.id ?? i}</td><td>{r.state}</td><td><Badge value={r.health || r.status} /></td></tr>)}</tbody></table>
          )}
        </Card>
      )}
      <Card title={t('Playground')}>
        {!ops ? <Loading /> : !analyze ? <NotAvailable feature={t('Playground')} missing={[ANALYZE_NEED]} /> : d.data ? <Playground tenant={tenant} name={d.data.name} op={analyze} defaultPrompt={d.data?.defaultPrompt} /> : <Loading />}
      </Card>
    </>
  );
}

const dataUrl = (f: Blob) => new Promise<string>((ok, fail) => { const r = new FileReader(); r.onload = () => ok(String(r.result)); r.onerror = () => fail(r.error); r.readAsDataURL(f); });

function Playground({ tenant, name, op, defaultPrompt }: { tenant: string; name: string; op: Operation; defaultPrompt?: string }) {
  const t = useT();
  const [file, setFile] = useState<File>();
  const [prompt, setPrompt] = useState('');
  const [reasoning, setReasoning] = useState('');
  const [dist, setDist] = useState<Record<string, number>>();
  const [busy, setBusy] = useState(false);
  const [top, setTop] = useState<string>();
  const [error, setError] = useState<unknown>();
  const drop = useRef<HTMLDivElement>(null);
  const { lang } = useContext(LangContext);
  const run = async () => {
    if (!file) return;
    setBusy(true); setReasoning(''); setDist(undefined); setTop(undefined); setError(undefined);
    try {
      // AnalyzeRequest: exactly one of video / image as a data: URL; the deployment is addressed by its name.
      const media = await dataUrl(file);
      const body: any = { language: lang, [file.type.startsWith('image/') ? 'image' : 'video']: media };
      if (prompt) body.subtitle = prompt;
      const a = await api<any>('POST', fill(op.path, [tenant, name]), body);
      setReasoning(a.reasoning || '');
      setTop(a.top);
      setDist(a.distribution || {});
    } catch (err) { setError(err); } finally { setBusy(false); }
  };
  return (
    <div className="playground" data-testid="playground">
      <div ref={drop} className="dropzone" tabIndex={0} role="button" aria-label={t('Drop a clip here or choose a file')}
        onDragOver={(e) => e.preventDefault()} onDrop={(e) => { e.preventDefault(); setFile(e.dataTransfer.files[0]); }}
        onKeyDown={(e) => { if (e.key === 'Enter' || e.key === ' ') (drop.current?.querySelector('input') as HTMLInputElement)?.click(); }}>
        <p>{t('Drop a clip here or choose a file')}</p>
        <input type="file" accept="video/*,image/*" data-testid="clip-input" onChange={(e) => setFile(e.target.files?.[0])} />
        {file && <p className="muted">{file.name}</p>}
      </div>
      <Field label={t('Subtitle')}><textarea rows={2} placeholder={defaultPrompt} value={prompt} onChange={(e) => setPrompt(e.target.value)} /></Field>
      <button className="primary" onClick={run} disabled={!file || busy} data-testid="analyze">{t('Analyze')}</button>
      <ErrorBox error={error} />
      <div className="two-col">
        <section><h3>{t('Reasoning')}{top ? ` — ${top}` : ''}</h3><pre className="logs" aria-live="polite" data-testid="reasoning">{reasoning}</pre></section>
        <section>{dist && <BarChart title={t('Emotion distribution')} testId="distribution" data={distributionBars(dist).bars} />}
          {dist && top && <p data-testid="top-label">{t('Top label')}: <strong>{top}</strong></p>}</section>
      </div>
    </div>
  );
}
