import { Fragment, useEffect, useState, type FormEvent } from 'react';
import { api, apiDocs, fill, fmtDate, tenantPath } from '../api';
import { Badge, Card, Empty, ErrorBox, Field, Loading, NotAvailable, Progress, resolve, useLoad, useOps, type Need } from '../common';
import { BarChart } from '../charts';
import { useT } from '../i18n';
import { Link, navigate } from '../router';

export const DATASET_KINDS = ['caption_images', 'emotion_images', 'mixed_instructions', 'ver_clips', 'eval_clips'];
interface Dataset { id: string; name: string; kind: string; description?: string; versions?: number; createdAt?: string }

const T = '/api/v1/tenants/{tenant}';
export const UPLOAD_NEEDS: Need[] = [
  { method: 'POST', path: `${T}/datasets/{datasetId}/uploads`, what: 'open an upload session (presigned part URLs)' },
  { method: 'GET', path: `${T}/datasets/{datasetId}/uploads/{sessionId}`, what: 'resume: parts received and fresh URLs' },
  { method: 'POST', path: `${T}/datasets/{datasetId}/uploads/{sessionId}/complete`, what: 'complete the files from their part ETags' },
  { method: 'POST', path: `${T}/datasets/{datasetId}/versions`, what: 'create a version from the upload and ingest it' },
];
export const VERSION_NEEDS: Need[] = [
  { method: 'GET', path: `${T}/datasets/{datasetId}/versions`, what: 'dataset versions with validation state' },
];
const RECORD_NEEDS: Need[] = [{ method: 'GET', path: `${T}/datasets/{datasetId}/versions/{version}/records`, what: 'record browser' }];
const REPORT_NEEDS: Need[] = [{ method: 'GET', path: `${T}/datasets/{datasetId}/versions/{version}/report`, what: 'validation report' }];
const STATS_NEEDS: Need[] = [{ method: 'GET', path: `${T}/datasets/{datasetId}/versions/{version}/stats`, what: 'statistics' }];
const FORMATS = ['emotion_qwen_json', 'emotion_qwen_jsonl', 'dfew_csv', 'mer2024_csv', 'emer_csv'];

export function DatasetsPage({ tenant }: { tenant: string }) {
  const t = useT();
  const list = useLoad(() => api<Dataset[]>('GET', tenantPath(tenant, '/datasets')), [tenant]);
  const [form, setForm] = useState({ name: '', kind: 'emotion_images', description: '' });
  const [error, setError] = useState<unknown>();
  const create = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const ds = await api<Dataset>('POST', tenantPath(tenant, '/datasets'), { ...form, description: form.description || undefined });
      navigate(`/t/${tenant}/datasets/${ds.id}`);
    } catch (err) { setError(err); }
  };
  // The documented enum when the gateway documents one; otherwise the platform's dataset kinds (core DatasetKind's
  // wire names), which the ingest job insists on even where the create request only checks the pattern.
  const kinds = useLoad(() => apiDocs().then((d) => (d.schemas.CreateDatasetRequest?.properties?.kind?.enum as string[] | undefined) || DATASET_KINDS), []);
  useEffect(() => { if (kinds.data?.length && !kinds.data.includes(form.kind)) setForm((f) => ({ ...f, kind: kinds.data![0] })); }, [kinds.data]);
  const rows = Array.isArray(list.data) ? list.data : (list.data as any)?.items || [];
  return (
    <>
      <h1>{t('Datasets')}</h1>
      <ErrorBox error={list.error || error} />
      <Card title={t('Create dataset')}>
        <form className="form-row" onSubmit={create} data-testid="create-dataset">
          <Field label={t('Name')}><input name="datasetName" required pattern="[A-Za-z0-9][A-Za-z0-9._\-]{0,127}" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} /></Field>
          <Field label={t('Kind')}>{kinds.data?.length
            ? <select name="kind" value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value })}>{kinds.data.map((k) => <option key={k}>{k}</option>)}</select>
            : <input name="kind" required pattern="[a-z][a-z0-9_\-]{0,63}" value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value })} />}</Field>
          <Field label={t('Description')}><input value={form.description} onChange={(e) => setForm({ ...form, description: e.target.value })} /></Field>
          <button className="primary">{t('Create')}</button>
        </form>
      </Card>
      <Card title={t('Datasets')}>
        {list.loading && !list.data ? <Loading /> : !rows.length ? <Empty /> : (
          <table className="table" data-testid="datasets">
            <thead><tr><th>{t('Name')}</th><th>{t('Kind')}</th><th>{t('Versions')}</th><th>{t('Created')}</th></tr></thead>
            <tbody>{rows.map((d: Dataset) => (
              <tr key={d.id}><td><Link to={`/t/${tenant}/datasets/${d.id}`}>{d.name}</Link></td><td>{d.kind}</td><td>{d.versions ?? ''}</td><td>{fmtDate(d.createdAt)}</td></tr>
            ))}</tbody>
          </table>
        )}
      </Card>
    </>
  );
}

// ---------- resumable upload: the browser PUTs parts straight to presigned URLs; the session id is kept in
// localStorage, so after a reload the session is read back (parts received, fresh URLs for the rest) and the same
// files, chosen again, continue where they stopped. ----------

interface PartUrl { partNumber: number; url: string }
interface FileView { name: string; size: number; partSize: number; partCount: number; completed: boolean; received?: { partNumber: number; etag: string; size: number }[]; upload?: PartUrl[] }
interface SessionView { id: string; state: string; files: FileView[] }
interface Saved { sessionId: string; names: string[]; format: string; recordsFile: string; versionCreated?: boolean }
const key = (tenant: string, ds: string) => `emoqwen.upload.${tenant}.${ds}`;

function Uploader({ tenant, datasetId, paths, onVersion }: { tenant: string; datasetId: string; paths: string[]; onVersion: () => void }) {
  const t = useT();
  const [saved, setSaved] = useState<Saved | null>(() => JSON.parse(localStorage.getItem(key(tenant, datasetId)) || 'null'));
  const [session, setSession] = useState<SessionView>();
  const [files, setFiles] = useState<File[]>([]);
  const [format, setFormat] = useState(saved?.format || 'emotion_qwen_jsonl');
  const [recordsFile, setRecordsFile] = useState(saved?.recordsFile || '');
  const [policy, setPolicy] = useState('reject');
  const [sent, setSent] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const persist = (s: Saved | null) => { setSaved(s); s ? localStorage.setItem(key(tenant, datasetId), JSON.stringify(s)) : localStorage.removeItem(key(tenant, datasetId)); };
  const [openP, getP, completeP, versionP] = paths;
  // After a reload: read the session back to show how far it got.
  useEffect(() => {
    if (saved && !saved.versionCreated) api<SessionView>('GET', fill(getP, [tenant, datasetId, saved.sessionId])).then(setSession, () => persist(null));
  }, []);
  const total = (session?.files || []).reduce((a, f) => a + f.size, 0);
  const received = (session?.files || []).reduce((a, f) => a + (f.received || []).reduce((b, p) => b + p.size, 0), 0);
  const fraction = total ? Math.min(1, (received + sent) / total) : 0;
  const start = async () => {
    if (!files.length || !recordsFile) return;
    setBusy(true); setError(undefined); setSent(0);
    try {
      let s = saved && !saved.versionCreated && files.every((f) => saved.names.includes(f.name)) && files.length === saved.names.length
        ? await api<SessionView>('GET', fill(getP, [tenant, datasetId, saved.sessionId])).catch(() => undefined) : undefined;
      if (!s || s.state !== 'OPEN') {
        s = await api<SessionView>('POST', fill(openP, [tenant, datasetId]), { files: files.map((f) => ({ name: f.name, size: f.size, contentType: f.type || 'application/octet-stream' })) });
        persist({ sessionId: s.id, names: files.map((f) => f.name), format, recordsFile });
      }
      setSession(s);
      const done: { name: string; parts: { partNumber: number; etag: string }[] }[] = [];
      for (const fv of s.files) {
        const file = files.find((f) => f.name === fv.name)!;
        const parts = (fv.received || []).map((p) => ({ partNumber: p.partNumber, etag: p.etag }));
        for (const u of fv.upload || []) {
          const blob = file.slice((u.partNumber - 1) * fv.partSize, Math.min(file.size, u.partNumber * fv.partSize));
          const res = await fetch(u.url, { method: 'PUT', body: blob });
          if (!res.ok) throw new Error(`part ${u.partNumber} of ${fv.name}: HTTP ${res.status}`);
          const etag = res.headers.get('ETag');
          if (!etag) throw new Error('the storage answered without an ETag header (CORS must expose ETag)');
          parts.push({ partNumber: u.partNumber, etag });
          setSent((x) => x + blob.size);
        }
        if (!fv.completed) done.push({ name: fv.name, parts: parts.sort((a, b) => a.partNumber - b.partNumber) });
      }
      if (done.length) s = await api<SessionView>('POST', fill(completeP, [tenant, datasetId, s.id]), { files: done });
      setSession(s);
      await api('POST', fill(versionP, [tenant, datasetId]), { uploadSessionId: s.id, format, recordsFile, invalidPolicy: policy });
      persist({ ...(saved || { names: files.map((f) => f.name) }), sessionId: s.id, format, recordsFile, names: files.map((f) => f.name), versionCreated: true });
      onVersion();
    } catch (err) { setError(err); } finally { setBusy(false); }
  };
  const resumable = saved && !saved.versionCreated && session?.state === 'OPEN';
  return (
    <div className="uploader" data-testid="uploader"
      onDragOver={(e) => e.preventDefault()} onDrop={(e) => { e.preventDefault(); setFiles([...e.dataTransfer.files]); }}>
      <div className="form-row">
        <Field label={t('Choose files')}><input type="file" multiple data-testid="upload-input" disabled={busy}
          onChange={(e) => { const fs = [...(e.target.files || [])]; setFiles(fs); if (!fs.some((f) => f.name === recordsFile)) setRecordsFile(fs.find((f) => /\.(jsonl?|csv)$/i.test(f.name))?.name || ''); }} /></Field>
        <Field label="Format"><select name="format" value={format} onChange={(e) => setFormat(e.target.value)}>{FORMATS.map((f) => <option key={f}>{f}</option>)}</select></Field>
        <Field label={t('Records')}><select name="recordsFile" value={recordsFile} onChange={(e) => setRecordsFile(e.target.value)}>
          <option value="">—</option>{files.map((f) => <option key={f.name}>{f.name}</option>)}</select></Field>
        <Field label={t('Invalid records')}><select name="invalidPolicy" value={policy} onChange={(e) => setPolicy(e.target.value)}>
          <option value="reject">reject</option><option value="keep_valid">keep_valid</option></select></Field>
        <button className="primary" onClick={start} disabled={busy || !files.length || !recordsFile} data-testid="upload-start">{resumable ? t('Resume upload') : t('Upload')}</button>
      </div>
      {resumable && <p className="muted">{t('Resume upload')}: {saved!.names.join(', ')}</p>}
      {session && <Progress value={saved?.versionCreated ? 1 : fraction} label={t('Upload progress')} />}
      <ErrorBox error={error} />
    </div>
  );
}

export function DatasetDetailPage({ tenant, id }: { tenant: string; id: string }) {
  const t = useT();
  const ops = useOps();
  const ds = useLoad(() => api<Dataset>('GET', tenantPath(tenant, `/datasets/${id}`)), [tenant, id]);
  const up = resolve(ops, UPLOAD_NEEDS);
  const ver = resolve(ops, VERSION_NEEDS);
  const [versions, setVersions] = useState<any[]>();
  const [selected, setSelected] = useState<string>();
  // newest: select the newest version (after an upload); otherwise keep the selection, or take the newest at first.
  const loadVersions = (newest = false) => ver.ready && !ver.missing.length && api<any>('GET', fill(ver.found[0]!.path, [tenant, id])).then((v) => {
    const list: any[] = Array.isArray(v) ? v : v.versions || v.items || [];
    setVersions(list);
    const top = list.length ? String(Math.max(...list.map((x: any) => Number(x.version) || 0))) : undefined;
    if (top) setSelected((s) => (newest || !s ? top : s));
  }, () => setVersions((prev) => (prev ? [...prev] : []))); // a failed read keeps the list (and the polling)
  useEffect(() => { loadVersions(); }, [ops]);
  // Poll while a version is not settled (PENDING, INGESTING, ...): its state, counts and the detail below follow it.
  const unsettled = versions?.some((v) => !versionSettled(v));
  useEffect(() => {
    if (!unsettled) return;
    const h = setTimeout(() => loadVersions(), 1500);
    return () => clearTimeout(h);
  }, [versions]);
  const current = versions?.find((v) => String(v.version ?? v.id) === selected);
  return (
    <>
      <h1>{t('Dataset')}: {ds.data?.name}</h1>
      <ErrorBox error={ds.error} />
      {ds.data && <Card title={ds.data.name}><dl className="kv"><dt>{t('Kind')}</dt><dd>{ds.data.kind}</dd><dt>{t('Description')}</dt><dd>{ds.data.description}</dd><dt>{t('Created')}</dt><dd>{fmtDate(ds.data.createdAt)}</dd></dl>
        <Link to={`/t/${tenant}/runs/new?dataset=${id}`}>{t('Train from this dataset')}</Link></Card>}
      <Card title={t('Upload')}>
        {!up.ready ? <Loading /> : up.missing.length ? <NotAvailable feature={t('Upload')} missing={up.missing} /> :
          <Uploader tenant={tenant} datasetId={id} paths={up.found.map((o) => o!.path)} onVersion={() => loadVersions(true)} />}
      </Card>
      <Card title={t('Versions')}>
        {!ver.ready ? <Loading /> : ver.missing.length ? <NotAvailable feature={t('Versions')} missing={ver.missing} /> : !versions ? <Loading /> : !versions.length ? <Empty /> : (
          <table className="table" data-testid="versions">
            <thead><tr><th>#</th><th>{t('State')}</th><th>{t('Records')}</th><th>{t('Created')}</th></tr></thead>
            <tbody>{versions.map((v) => {
              const vid = String(v.version ?? v.id);
              return <tr key={vid} aria-selected={vid === selected}><td><button className="link" onClick={() => setSelected(vid)}>{vid}</button></td>
                <td><span className={`badge badge-${String(v.state || v.status).toLowerCase()}`} data-testid="version-state">{v.state || v.status}</span></td>
                <td>{v.validCount ?? ''} / {v.recordCount ?? ''}{v.failure ? ` — ${v.failure}` : ''}</td><td>{fmtDate(v.createdAt)}</td></tr>;
            })}</tbody>
          </table>
        )}
      </Card>
      {selected && current && <VersionDetail key={selected} tenant={tenant} datasetId={id} version={selected} state={String(current.state || current.status || '')} />}
    </>
  );
}

/** A version whose ingest is over: READY, or FAILED / REJECTED (its report, stats and records will not change). */
export const VERSION_SETTLED = new Set(['READY', 'FAILED', 'REJECTED']);
export const versionSettled = (v: { state?: string; status?: string }) => VERSION_SETTLED.has(String(v.state || v.status || '').toUpperCase());

/**
 * A version's validation report, statistics and records. They exist once its ingest is over, so they are read
 * when the state settles (the page polls the state) and not before: no 404/409 shown for a version still
 * ingesting, and what was shown stays on screen while a read is under way.
 */
function VersionDetail({ tenant, datasetId, version, state }: { tenant: string; datasetId: string; version: string; state: string }) {
  const t = useT();
  const ops = useOps();
  const rec = resolve(ops, RECORD_NEEDS);
  const rep = resolve(ops, REPORT_NEEDS);
  const sta = resolve(ops, STATS_NEEDS);
  const settled = VERSION_SETTLED.has(state.toUpperCase());
  const get = (r: ReturnType<typeof resolve>, q = '') => (settled && r.ready && !r.missing.length ? api<any>('GET', fill(r.found[0]!.path, [tenant, datasetId, version]) + q).catch((e) => ({ error: e })) : Promise.resolve(null));
  const report = useLoad(() => get(rep), [ops, version, state]);
  const stats = useLoad(() => get(sta), [ops, version, state]);
  const records = useLoad(() => get(rec, '?limit=24'), [ops, version, state]);
  if (!settled) {
    return (
      <Card title={`${t('Validation report')} v${version}`}>
        <p className="muted" aria-busy="true" data-testid="version-pending">{t('Ingesting and validating')}… <Badge value={state} /></p>
      </Card>
    );
  }
  const recs: any[] = records.data?.records || (Array.isArray(records.data) ? records.data : []);
  const errors: any[] = report.data?.errors || [];
  const labels: Record<string, number> = stats.data?.labels || {};
  const languages: Record<string, number> = stats.data?.languages || {};
  return (
    <>
      <Card title={`${t('Validation report')} v${version}`}>
        {rep.missing.length ? <NotAvailable feature={t('Validation report')} missing={rep.missing} /> : !report.data ? <Loading /> : report.data.error ? <ErrorBox error={report.data.error} /> : (
          <div data-testid="report">
            <p><strong>{errors.length ? t('Invalid') : t('Valid')}</strong> — {report.data.valid ?? ''} / {report.data.records ?? ''} {t('Records')} ({report.data.policy})</p>
            {errors.length > 0 && (
              <table className="table"><thead><tr><th>{t('Record')}</th><th>{t('Field')}</th><th>{t('Message')}</th></tr></thead>
                <tbody>{errors.map((e, i) => <tr key={i}><td>{e.recordId ?? (e.index >= 0 ? `#${e.index}` : '—')}</td><td>{e.field}</td><td>{e.reason ?? e.message}</td></tr>)}</tbody></table>
            )}
          </div>
        )}
      </Card>
      <Card title={t('Statistics')}>
        {sta.missing.length ? <NotAvailable feature={t('Statistics')} missing={sta.missing} /> : !stats.data ? <Loading /> : stats.data.error ? <ErrorBox error={stats.data.error} /> : (
          <div className="two-col" data-testid="stats">
            {Object.keys(labels).length > 0 && <BarChart title="labels" data={Object.entries(labels).map(([label, value]) => ({ label, value: Number(value) }))} />}
            {Object.keys(languages).length > 0 && <BarChart title={t('Language')} data={Object.entries(languages).map(([label, value]) => ({ label, value: Number(value) }))} />}
          </div>
        )}
      </Card>
      <Card title={t('Records')}>
        {rec.missing.length ? <NotAvailable feature={t('Records')} missing={rec.missing} /> : !records.data ? <Loading /> : records.data.error ? <ErrorBox error={records.data.error} /> : !recs.length ? <Empty /> : (
          <div className="records" data-testid="records">{recs.map((r, i) => <RecordCard key={r.id ?? i} r={r} />)}</div>
        )}
      </Card>
    </>
  );
}

function RecordCard({ r }: { r: any }) {
  const t = useT();
  const m = (r.media || [])[0];
  const texts: Record<string, { label?: string; subtitle?: string; description?: string }> = r.texts || {};
  return (
    <article className="record">
      {m?.previewUrl ? (m.video ? <video src={m.previewUrl} controls preload="metadata" /> : <img src={m.previewUrl} alt={r.id} />) : <div className="placeholder" aria-label={t('Preview')} />}
      <dl className="kv small">
        <dt>{t('Record')}</dt><dd className="mono">{r.id}</dd>
        {r.label && <><dt>label</dt><dd>{r.label}</dd></>}
        {Object.entries(texts).map(([lang, x]) => (
          <Fragment key={lang}><dt lang={lang}>{lang === 'zh' ? '中文' : lang.toUpperCase()}</dt>
            <dd lang={lang}>{[x.label, x.subtitle, x.description].filter(Boolean).join(' — ')}</dd></Fragment>
        ))}
      </dl>
    </article>
  );
}
