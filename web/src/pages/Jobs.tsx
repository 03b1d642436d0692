import { useEffect, useMemo, useRef, useState } from 'react';
import { api, fmtDate, tenantPath, type JobEvent, type JobView } from '../api';
import { Badge, Card, Empty, ErrorBox, Loading, Progress, useLoad } from '../common';
import { LineChart } from '../charts';
import { metricSeries } from './metrics';
import { useT } from '../i18n';
import { Link } from '../router';

const STATES = ['WAITING', 'QUEUED', 'RUNNING', 'CANCELLING', 'SUCCEEDED', 'FAILED', 'CANCELLED'];
export const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);
/** The training stages in pipeline order, by their wire names (core Stage.wireName()). */
export const STAGES = ['stage1_general', 'stage2_emotion', 'stage3_joint', 'ver_finetune'];

export function JobTable({ tenant, jobs, base = 'jobs' }: { tenant: string; jobs: JobView[]; base?: string }) {
  const t = useT();
  if (!jobs.length) return <Empty />;
  return (
    <table className="table" data-testid="job-table">
      <thead><tr><th>{t('Job')}</th><th>{t('Type')}</th><th>{t('State')}</th><th>{t('Progress')}</th><th>{t('Created')}</th></tr></thead>
      <tbody>
        {jobs.map((j) => (
          <tr key={j.id}>
            <td><Link to={`/t/${tenant}/${base}/${j.id}`} className="mono">{j.id.slice(0, 8)}</Link></td>
            <td>{j.type}</td>
            <td><Badge value={j.state} /></td>
            <td>{j.progress != null ? `${Math.round(j.progress * 100)}%` : ''}</td>
            <td>{fmtDate(j.createdAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function useJobList(tenant: string, filter: { state?: string; type?: string }) {
  const [jobs, setJobs] = useState<JobView[]>([]);
  const [cursor, setCursor] = useState<string | undefined>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(true);
  const load = async (after?: string) => {
    setLoading(true);
    const q = new URLSearchParams({ limit: '50' });
    if (filter.state) q.set('state', filter.state);
    if (filter.type) q.set('type', filter.type);
    if (after) q.set('cursor', after);
    try {
      const page = await api<{ jobs: JobView[]; nextCursor?: string }>('GET', tenantPath(tenant, `/jobs?${q}`));
      setJobs((prev) => (after ? [...prev, ...page.jobs] : page.jobs));
      setCursor(page.nextCursor || undefined);
      setError(undefined);
    } catch (e) { setError(e); } finally { setLoading(false); }
  };
  useEffect(() => { load(); }, [tenant, filter.state, filter.type]);
  return { jobs, cursor, error, loading, more: () => load(cursor), reload: () => load() };
}

export function JobsPage({ tenant }: { tenant: string }) {
  const t = useT();
  const [state, setState] = useState('');
  const [type, setType] = useState('');
  const [typeInput, setTypeInput] = useState('');
  const list = useJobList(tenant, { state, type });
  return (
    <>
      <h1>{t('Jobs')}</h1>
      <Card actions={<button onClick={list.reload}>{t('Refresh')}</button>}>
        <div className="toolbar">
          <select aria-label={t('State')} value={state} onChange={(e) => setState(e.target.value)}>
            <option value="">{t('All states')}</option>
            {STATES.map((s) => <option key={s}>{s}</option>)}
          </select>
          <form onSubmit={(e) => { e.preventDefault(); setType(typeInput.trim()); }}>
            <input aria-label={t('Type')} placeholder={t('Type')} value={typeInput} onChange={(e) => setTypeInput(e.target.value)} />
          </form>
        </div>
        <ErrorBox error={list.error} />
        {list.loading && !list.jobs.length ? <Loading /> : <JobTable tenant={tenant} jobs={list.jobs} />}
        {list.cursor && <button onClick={list.more} disabled={list.loading}>{t('Load more')}</button>}
      </Card>
    </>
  );
}

/** Follows a job: its events over SSE (resuming from the last id), its state, curves and logs. */
export function useJobLive(tenant: string, id: string) {
  const [job, setJob] = useState<JobView>();
  const [events, setEvents] = useState<JobEvent[]>([]);
  const [connected, setConnected] = useState(false);
  const [error, setError] = useState<unknown>();
  const refresh = () => api<JobView>('GET', tenantPath(tenant, `/jobs/${id}`)).then(setJob, setError);
  useEffect(() => {
    refresh();
    let closed = false;
    const seen = new Set<number>();
    const es = new EventSource(tenantPath(tenant, `/jobs/${id}/events/stream`));
    const onEvent = (m: MessageEvent) => {
      const ev: JobEvent = JSON.parse(m.data);
      if (seen.has(ev.id)) return;
      seen.add(ev.id);
      setEvents((prev) => [...prev, ev]);
      if (ev.kind === 'STATE' || ev.kind === 'PROGRESS') {
        api<JobView>('GET', tenantPath(tenant, `/jobs/${id}`)).then((j) => {
          setJob(j);
          if (TERMINAL.has(j.state)) { /* keep the stream until the server ends it */ }
        }, () => {});
      }
    };
    for (const name of ['state', 'log', 'metric', 'progress', 'message']) es.addEventListener(name, onEvent as EventListener);
    es.onopen = () => setConnected(true);
    es.onerror = () => {
      setConnected(false);
      // The server ends the stream when the job is over; reconnect only while it may still change.
      api<JobView>('GET', tenantPath(tenant, `/jobs/${id}`)).then((j) => {
        setJob(j);
        if (TERMINAL.has(j.state) && !closed) { closed = true; es.close(); }
      }, () => { closed = true; es.close(); });
    };
    return () => { closed = true; es.close(); };
  }, [tenant, id]);
  return { job, events, connected, error, refresh };
}

/** A run's stages in pipeline order (StageView: stage, state, progress, jobId, checkpointId); stages it does not run are shown skipped. */
export interface PipelineStage { stage: string; state: string; progress?: number; jobId?: string; checkpointId?: string }
const STAGE_CLASS: Record<string, string> = { SUCCEEDED: 'done', RUNNING: 'running', CANCELLING: 'running', FAILED: 'failed', CANCELLED: 'cancelled', QUEUED: 'pending', WAITING: 'pending' };
export function Pipeline({ stages, selected, onSelect, tenant }: { stages: PipelineStage[]; selected?: string; onSelect?: (jobId: string) => void; tenant?: string }) {
  const t = useT();
  const byName = new Map(stages.map((s) => [String(s.stage).toLowerCase(), s]));
  const names = [...STAGES, ...[...byName.keys()].filter((n) => !STAGES.includes(n))];
  return (
    <ol className="pipeline" aria-label={t('Pipeline')} data-testid="pipeline">
      {names.map((name) => {
        const s = byName.get(name);
        const cls = s ? STAGE_CLASS[s.state] || 'pending' : 'skipped';
        const label = s ? `${s.state}${s.state === 'RUNNING' && s.progress != null ? ` ${Math.round(s.progress * 100)}%` : ''}` : t('skipped');
        return (
          <li key={name} className={`stage stage-${cls}${s && s.jobId === selected ? ' stage-selected' : ''}`} aria-current={s?.state === 'RUNNING' ? 'step' : undefined} data-state={s?.state || 'SKIPPED'}>
            {s?.jobId && onSelect ? <button type="button" className="link" onClick={() => onSelect(s.jobId!)}><strong>{name}</strong></button> : <strong>{name}</strong>}
            <span>{label}</span>
            {s?.checkpointId && tenant && <Link className="small" to={`/t/${tenant}/checkpoints/${s.checkpointId}`}>{t('Checkpoint')}</Link>}
          </li>
        );
      })}
    </ol>
  );
}

/** A training stage job's run (payload.runId): its pipeline, or this stage alone where the run cannot be read. */
function StageRun({ tenant, job }: { tenant: string; job: JobView }) {
  const t = useT();
  const runId: string | undefined = job.payload?.runId;
  const run = useLoad(() => (runId ? api<{ stages: PipelineStage[] }>('GET', tenantPath(tenant, `/training-runs/${runId}`)).catch(() => null) : Promise.resolve(null)), [tenant, runId, job.state]);
  const stages = run.data?.stages || [{ stage: String(job.payload?.stage || ''), state: job.state, progress: job.progress, jobId: job.id }];
  return (
    <>
      {runId && <p><Link to={`/t/${tenant}/runs/${runId}`}>{t('Training run')} {runId.slice(0, 8)}</Link></p>}
      <Pipeline stages={stages} selected={job.id} tenant={tenant} />
    </>
  );
}

export function Curves({ events }: { events: JobEvent[] }) {
  const t = useT();
  const s = useMemo(() => metricSeries(events), [events]);
  if (!s.loss.length && !s.lr.length && !s.experts.length && !s.throughput.length && !s.other.length) return <p className="muted" data-testid="no-metrics">{t('Curves')}: —</p>;
  return (
    <div className="charts" data-testid="curves">
      {s.loss.length > 0 && <LineChart title={t('Loss')} series={s.loss} testId="loss-chart" />}
      {s.lr.length > 0 && <LineChart title={t('Learning rate')} series={s.lr} testId="lr-chart" />}
      {s.experts.length > 0 && <LineChart title={t('Expert weights')} series={s.experts} testId="experts-chart" />}
      {s.throughput.length > 0 && <LineChart title={t('Throughput')} series={s.throughput} testId="throughput-chart" />}
      {s.other.length > 0 && <LineChart title={t('Metric')} series={s.other} testId="other-chart" />}
    </div>
  );
}

export function Logs({ events }: { events: JobEvent[] }) {
  const t = useT();
  const [follow, setFollow] = useState(true);
  const box = useRef<HTMLPreElement>(null);
  const lines = events.filter((e) => e.kind === 'LOG' || e.kind === 'STATE');
  useEffect(() => { if (follow && box.current) box.current.scrollTop = box.current.scrollHeight; }, [lines.length, follow]);
  return (
    <>
      <label className="inline"><input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> {t('Follow logs')}</label>
      <pre className="logs" ref={box} tabIndex={0} aria-label={t('Logs')} data-testid="logs">
        {lines.map((e) => `${e.at ? new Date(e.at).toLocaleTimeString() : ''} ${e.kind === 'STATE' ? '[state] ' : ''}${e.message || ''}\n`).join('')}
      </pre>
    </>
  );
}

export function JobDetailPage({ tenant, id, title }: { tenant: string; id: string; title?: string }) {
  const t = useT();
  const live = useJobLive(tenant, id);
  const [error, setError] = useState<unknown>();
  const act = (what: 'cancel' | 'retry') => api('POST', tenantPath(tenant, `/jobs/${id}/${what}`)).then(live.refresh, setError);
  const job = live.job;
  const training = !!job && (job.type === 'training.stage' || !!job.payload?.runId);
  return (
    <>
      <h1>{title || t('Job')} <span className="mono small">{id}</span></h1>
      <ErrorBox error={live.error || error} />
      {!job ? <Loading /> : (
        <>
          <Card title={<>{job.type} <Badge value={job.state} /></>} actions={<>
            <span className={`dot ${live.connected ? 'on' : ''}`} title={live.connected ? t('Connected') : t('Disconnected')} />
            <button onClick={() => act('cancel')} disabled={TERMINAL.has(job.state)} data-testid="cancel">{t('Cancel')}</button>
            <button onClick={() => act('retry')} disabled={!['FAILED', 'CANCELLED'].includes(job.state)} data-testid="retry">{t('Retry')}</button>
          </>}>
            <Progress value={job.progress || 0} label={t('Progress')} />
            {job.progressMessage && <p className="muted">{job.progressMessage}</p>}
            <dl className="kv">
              <dt>{t('Attempt')}</dt><dd>{job.attempt}/{job.maxAttempts}</dd>
              <dt>{t('Created')}</dt><dd>{fmtDate(job.createdAt)}</dd>
              {job.error && <><dt>{t('Error')}</dt><dd className="error-text">{job.error}</dd></>}
            </dl>
            {training && <StageRun tenant={tenant} job={job} />}
          </Card>
          <Card title={t('Curves')}><Curves events={live.events} /></Card>
          <Card title={t('Logs')}><Logs events={live.events} /></Card>
          <Card title={t('Payload')}><pre className="json">{JSON.stringify(job.payload, null, 2)}</pre>
            {job.result != null && <><h3>{t('Result')}</h3><pre className="json">{JSON.stringify(job.result, null, 2)}</pre></>}
          </Card>
        </>
      )}
    </>
  );
}

export { useLoad };
