import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, fill, fmtDate, tenantPath } from '../api';
import { Card, Empty, ErrorBox, Field, Loading, NotAvailable, Progress, resolve, useLoad, useOps, type Need } from '../common';
import { BarChart } from '../charts';
import { useT } from '../i18n';
import { Link, navigate } from '../router';

interface Dataset { id: string; name: string; kind: string; description?: string; versions?: number; createdAt?: string }

const T = '/api/v1/tenants/{tenant}';
export const UPLOAD_NEEDS: Need[] = [
  { method: 'POST', path: `${T}/datasets/{datasetId}/uploads`, what: 'start a resumable upload session' },
  { method: 'PUT', path: `${T}/datasets/{datasetId}/uploads/{uploadId}/parts/{partNumber}`, what: 'upload one part' },
  { method: 'POST', path: `${T}/datasets/{datasetId}/uploads/{uploadId}/complete`, what: 'finish the upload and ingest' },
];
export const VERSION_NEEDS: Need[] = [
  { method: 'GET', path: `${T}/datasets/{datasetId}/versions`, what: 'dataset versions with validation state' },
];
const RECORD_NEEDS: Need[] = [{ method: 'GET', path: `${T}/datasets/{datasetId}/versions/{version}/records`, what: 'record browser' }];
const REPORT_NEEDS: Need[] = [{ method: 'GET', path: `${T}/datasets/{datasetId}/versions/{version}/report`, what: 'validation report' }];

export function DatasetsPage({ tenant }: { tenant: string }) {
  const t = useT();
  const list = useLoad(() => api<Dataset[]>('GET', tenantPath(tenant, '/datasets')), [tenant]);
  const [form, setForm] = useState({ name: '', kind: 'video-emotion', description: '' });
  const [error, setError] = useState<unknown>();
  const create = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const ds = await api<Dataset>('POST', tenantPath(tenant, '/datasets'), { ...form, description: form.description || undefined });
      navigate(`/t/${tenant}/datasets/${ds.id}`);
    } catch (err) { setError(err); }
  };
  const rows = Array.isArray(list.data) ? list.data : (list.data as any)?.items || [];
  return (
    <>
      <h1>{t('Datasets')}</h1>
      <ErrorBox error={list.error || error} />
      <Card title={t('Create dataset')}>
        <form className="form-row" onSubmit={create} data-testid="create-dataset">
          <Field label={t('Name')}><input name="datasetName" required pattern="[A-Za-z0-9][A-Za-z0-9._\-]{0,127}" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} /></Field>
          <Field label={t('Kind')}><input required pattern="[a-z][a-z0-9_\-]{0,63}" value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value })} /></Field>
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

// ---------- resumable multipart upload: progress is kept in localStorage, parts already sent are skipped ----------

interface UploadState { uploadId: string; fileName: string; size: number; lastModified: number; partSize: number; done: number[]; finished?: boolean }
const key = (tenant: string, ds: string) => `emoqwen.upload.${tenant}.${ds}`;

function Uploader({ tenant, datasetId, paths, onDone }: { tenant: string; datasetId: string; paths: string[]; onDone: () => void }) {
  const t = useT();
  const [saved, setSaved] = useState<UploadState | null>(() => JSON.parse(localStorage.getItem(key(tenant, datasetId)) || 'null'));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const input = useRef<HTMLInputElement>(null);
  const persist = (s: UploadState | null) => { setSaved(s); s ? localStorage.setItem(key(tenant, datasetId), JSON.stringify(s)) : localStorage.removeItem(key(tenant, datasetId)); };
  const upload = async (file: File) => {
    setBusy(true);
    setError(undefined);
    try {
      let s = saved && saved.fileName === file.name && saved.size === file.size && saved.lastModified === file.lastModified && !saved.finished ? saved : null;
      if (!s) {
        const session = await api<any>('POST', fill(paths[0], [tenant, datasetId]), { fileName: file.name, sizeBytes: file.size, contentType: file.type || 'application/octet-stream' });
        s = { uploadId: session.id || session.uploadId, fileName: file.name, size: file.size, lastModified: file.lastModified, partSize: session.partSize || 8 * 2 ** 20, done: session.completedParts || [] };
        persist(s);
      }
      const parts = Math.max(1, Math.ceil(file.size / s.partSize));
      for (let n = 1; n <= parts; n++) {
        if (s.done.includes(n)) continue;
        const blob = file.slice((n - 1) * s.partSize, Math.min(file.size, n * s.partSize));
        await api('PUT', fill(paths[1], [tenant, datasetId, s.uploadId, String(n)]), blob, { headers: { 'Content-Type': 'application/octet-stream' } });
        s = { ...s, done: [...s.done, n] };
        persist(s);
      }
      await api('POST', fill(paths[2], [tenant, datasetId, s.uploadId]), {});
      persist({ ...s, finished: true });
      onDone();
    } catch (err) { setError(err); } finally { setBusy(false); }
  };
  const fraction = saved ? Math.min(1, (saved.done.length * saved.partSize) / Math.max(1, saved.size)) : 0;
  return (
    <div className="uploader" data-testid="uploader"
      onDragOver={(e) => e.preventDefault()} onDrop={(e) => { e.preventDefault(); const f = e.dataTransfer.files[0]; if (f) upload(f); }}>
      <input ref={input} type="file" aria-label={t('Choose files')} data-testid="upload-input" disabled={busy}
        onChange={(e) => { const f = e.target.files?.[0]; if (f) upload(f); }} />
      {saved && (
        <>
          <p className="muted">{saved.fileName} — {saved.finished ? '✓' : busy ? t('Upload') + '…' : t('Resume upload')}</p>
          <Progress value={saved.finished ? 1 : fraction} label={t('Upload progress')} />
        </>
      )}
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
  const loadVersions = () => ver.ready && !ver.missing.length && api<any>('GET', fill(ver.found[0]!.path, [tenant, id])).then((v) => {
    const list = Array.isArray(v) ? v : v.versions || v.items || [];
    setVersions(list);
    if (list.length && !selected) setSelected(String(list[list.length - 1].version ?? list[list.length - 1].id));
  }, () => setVersions([]));
  useEffect(() => { loadVersions(); }, [ops]);
  // Poll while a version is still being ingested or validated.
  useEffect(() => {
    if (!versions?.some((v) => /PENDING|INGEST|VALIDAT|RUNNING|QUEUED/i.test(String(v.state || v.status)))) return;
    const h = setTimeout(loadVersions, 1500);
    return () => clearTimeout(h);
  }, [versions]);
  return (
    <>
      <h1>{t('Dataset')}: {ds.data?.name}</h1>
      <ErrorBox error={ds.error} />
      {ds.data && <Card title={ds.data.name}><dl className="kv"><dt>{t('Kind')}</dt><dd>{ds.data.kind}</dd><dt>{t('Description')}</dt><dd>{ds.data.description}</dd><dt>{t('Created')}</dt><dd>{fmtDate(ds.data.createdAt)}</dd></dl>
        <Link to={`/t/${tenant}/runs/new?dataset=${id}`}>{t('Train from this dataset')}</Link></Card>}
      <Card title={t('Upload')}>
        {!up.ready ? <Loading /> : up.missing.length ? <NotAvailable feature={t('Upload')} missing={up.missing} /> :
          <Uploader tenant={tenant} datasetId={id} paths={up.found.map((o) => o!.path)} onDone={loadVersions} />}
      </Card>
      <Card title={t('Versions')}>
        {!ver.ready ? <Loading /> : ver.missing.length ? <NotAvailable feature={t('Versions')} missing={ver.missing} /> : !versions ? <Loading /> : !versions.length ? <Empty /> : (
          <table className="table" data-testid="versions">
            <thead><tr><th>#</th><th>{t('State')}</th><th>{t('Records')}</th><th>{t('Created')}</th></tr></thead>
            <tbody>{versions.map((v) => {
              const vid = String(v.version ?? v.id);
              return <tr key={vid} aria-selected={vid === selected}><td><button className="link" onClick={() => setSelected(vid)}>{vid}</button></td>
                <td><span className={`badge badge-${String(v.state || v.status).toLowerCase()}`} data-testid="version-state">{v.state || v.status}</span></td>
                <td>{v.recordCount ?? v.records ?? ''}</td><td>{fmtDate(v.createdAt)}</td></tr>;
            })}</tbody>
          </table>
        )}
      </Card>
      {selected && <VersionDetail tenant={tenant} datasetId={id} version={selected} />}
    </>
  );
}

function VersionDetail({ tenant, datasetId, version }: { tenant: string; datasetId: string; version: string }) {
  const t = useT();
  const ops = useOps();
  const rec = resolve(ops, RECORD_NEEDS);
  const rep = resolve(ops, REPORT_NEEDS);
  const report = useLoad(async () => (rep.ready && !rep.missing.length ? api<any>('GET', fill(rep.found[0]!.path, [tenant, datasetId, version])) : null), [ops, version]);
  const records = useLoad(async () => (rec.ready && !rec.missing.length ? api<any>('GET', fill(rec.found[0]!.path, [tenant, datasetId, version]) + '?limit=50') : null), [ops, version]);
  const recs: any[] = records.data ? (Array.isArray(records.data) ? records.data : records.data.records || records.data.items || []) : [];
  const errors: any[] = report.data?.errors || report.data?.recordErrors || [];
  const emotions: Record<string, number> = report.data?.stats?.emotions || report.data?.emotionCounts || {};
  return (
    <>
      <Card title={`${t('Validation report')} v${version}`}>
        {rep.missing.length ? <NotAvailable feature={t('Validation report')} missing={rep.missing} /> : !report.data ? <Loading /> : (
          <div data-testid="report">
            <p><strong>{report.data.valid === false || errors.length ? t('Invalid') : t('Valid')}</strong> — {report.data.validRecords ?? ''} / {report.data.totalRecords ?? ''}</p>
            {Object.keys(emotions).length > 0 && <BarChart title={t('Statistics')} data={Object.entries(emotions).map(([label, value]) => ({ label, value: Number(value) }))} />}
            {errors.length > 0 && (
              <table className="table"><thead><tr><th>{t('Record')}</th><th>{t('Field')}</th><th>{t('Message')}</th></tr></thead>
                <tbody>{errors.map((e, i) => <tr key={i}><td>{e.record ?? e.recordId ?? e.line}</td><td>{e.field}</td><td>{e.message}</td></tr>)}</tbody></table>
            )}
          </div>
        )}
      </Card>
      <Card title={t('Records')}>
        {rec.missing.length ? <NotAvailable feature={t('Records')} missing={rec.missing} /> : records.loading ? <Loading /> : !recs.length ? <Empty /> : (
          <div className="records" data-testid="records">{recs.map((r, i) => <RecordCard key={r.id ?? i} r={r} />)}</div>
        )}
      </Card>
    </>
  );
}

function RecordCard({ r }: { r: any }) {
  const t = useT();
  const media: string | undefined = r.mediaUrl || r.videoUrl || r.url;
  const isImage = /\.(png|jpe?g|webp|gif)(\?|$)/i.test(media || '') || /image/.test(r.mediaType || '');
  return (
    <article className="record">
      {media ? (isImage ? <img src={media} alt={r.id} /> : <video src={media} controls preload="metadata" />) : <div className="placeholder">{t('Preview')}</div>}
      <dl className="kv small">
        <dt>{t('Record')}</dt><dd className="mono">{r.id ?? r.recordId}</dd>
        {r.emotion && <><dt>emotion</dt><dd>{r.emotion}</dd></>}
        {(r.annotationEn || r.annotations?.en || r.en) && <><dt>EN</dt><dd>{r.annotationEn || r.annotations?.en || r.en}</dd></>}
        {(r.annotationZh || r.annotations?.zh || r.zh) && <><dt lang="zh">中文</dt><dd lang="zh">{r.annotationZh || r.annotations?.zh || r.zh}</dd></>}
      </dl>
    </article>
  );
}
