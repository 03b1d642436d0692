import { api, fill, fmtBytes, fmtDate, tenantPath } from '../api';
import { Card, Empty, ErrorBox, Loading, NotAvailable, findOpIn, useLoad, useOps, type Need } from '../common';
import { useT } from '../i18n';
import { Link } from '../router';
import { Comparison, EVAL_NEEDS, useVersions } from './Evaluations';
import { compareByBenchmark, type Evaluation } from './evaluations';

interface Checkpoint { id: string; name: string; stage?: string; modelConfig?: string; parentCheckpointId?: string; jobId?: string; sizeBytes?: number; sha256?: string; createdAt?: string }
const CARD_NEED: Need = { method: 'GET', path: '/api/v1/tenants/{tenant}/checkpoints/{checkpointId}/card', what: 'model card' };

export function CheckpointsPage({ tenant }: { tenant: string }) {
  const t = useT();
  const list = useLoad(() => api<Checkpoint[]>('GET', tenantPath(tenant, '/checkpoints')), [tenant]);
  return (
    <>
      <h1>{t('Checkpoints')}</h1>
      <ErrorBox error={list.error} />
      <Card title={t('Checkpoints')}>
        {list.loading && !list.data ? <Loading /> : !list.data?.length ? <Empty /> : (
          <table className="table" data-testid="checkpoints">
            <thead><tr><th>{t('Name')}</th><th>{t('Stage')}</th><th>{t('Model config')}</th><th>{t('Parent')}</th><th>{t('Size')}</th><th>{t('Created')}</th></tr></thead>
            <tbody>{list.data.map((c) => (
              <tr key={c.id}><td><Link to={`/t/${tenant}/checkpoints/${c.id}`}>{c.name}</Link></td><td>{c.stage}</td><td>{c.modelConfig}</td>
                <td>{c.parentCheckpointId && <Link to={`/t/${tenant}/checkpoints/${c.parentCheckpointId}`} className="mono">{c.parentCheckpointId.slice(0, 8)}</Link>}</td>
                <td>{fmtBytes(c.sizeBytes)}</td><td>{fmtDate(c.createdAt)}</td></tr>
            ))}</tbody>
          </table>
        )}
      </Card>
    </>
  );
}

export function CheckpointDetailPage({ tenant, id }: { tenant: string; id: string }) {
  const t = useT();
  const ops = useOps();
  const all = useLoad(() => api<Checkpoint[]>('GET', tenantPath(tenant, '/checkpoints')), [tenant]);
  const deployments = useLoad(() => api<any[]>('GET', tenantPath(tenant, '/deployments')), [tenant]);
  const job = useLoad(async () => {
    const c = all.data?.find((x) => x.id === id);
    return c?.jobId ? api<any>('GET', tenantPath(tenant, `/jobs/${c.jobId}`)).catch(() => null) : null;
  }, [all.data, id]);
  const cardOp = ops?.find((o) => o.method === 'GET' && /\/checkpoints\/\{[^}]+\}\/(card|model-card)$/.test(o.path));
  const card = useLoad(async () => (cardOp ? api<any>('GET', fill(cardOp.path, [tenant, id])) : null), [cardOp?.path, id]);
  if (!all.data) return <><ErrorBox error={all.error} /><Loading /></>;
  const byId = new Map(all.data.map((c) => [c.id, c]));
  const c = byId.get(id);
  if (!c) return <Empty />;
  const chain: Checkpoint[] = [];
  for (let cur: Checkpoint | undefined = c; cur && chain.length < 20; cur = cur.parentCheckpointId ? byId.get(cur.parentCheckpointId) : undefined) chain.unshift(cur);
  const datasetIds: string[] = job.data?.payload?.datasetIds || (job.data?.payload?.datasetId ? [job.data.payload.datasetId] : []);
  const deps = (deployments.data || []).filter((d: any) => d.checkpointId === id);
  return (
    <>
      <h1>{t('Checkpoint')}: {c.name}</h1>
      <Card title={t('Lineage')}>
        <ol className="lineage" data-testid="lineage">
          <li className="node dataset">{t('Datasets')}: {datasetIds.length ? datasetIds.map((d) => <Link key={d} to={`/t/${tenant}/datasets/${d}`} className="mono">{d.slice(0, 8)} </Link>) : '—'}</li>
          {chain.map((x) => (
            <li key={x.id} className={`node ${x.id === id ? 'current' : ''}`}>
              <span className="muted small">{x.stage || '—'}</span><br />
              {x.id === id ? <strong>{x.name}</strong> : <Link to={`/t/${tenant}/checkpoints/${x.id}`}>{x.name}</Link>}
              {x.jobId && <><br /><Link className="small" to={`/t/${tenant}/jobs/${x.jobId}`}>{t('Job')} {x.jobId.slice(0, 8)}</Link></>}
            </li>
          ))}
          <li className="node deployment">{t('Deployments')}: {deps.length ? deps.map((d: any) => <Link key={d.id} to={`/t/${tenant}/deployments/${d.id}`}>{d.name} </Link>) : '—'}</li>
        </ol>
      </Card>
      <Card title={t('Model card')}>
        <dl className="kv">
          <dt>{t('Model config')}</dt><dd>{c.modelConfig}</dd><dt>{t('Stage')}</dt><dd>{c.stage}</dd>
          <dt>{t('Size')}</dt><dd>{fmtBytes(c.sizeBytes)}</dd><dt>sha256</dt><dd className="mono small">{c.sha256}</dd><dt>{t('Created')}</dt><dd>{fmtDate(c.createdAt)}</dd>
        </dl>
        {!ops ? <Loading /> : !cardOp ? <NotAvailable feature={t('Model card')} missing={[CARD_NEED]} /> : card.data && <pre className="json">{typeof card.data === 'string' ? card.data : JSON.stringify(card.data, null, 2)}</pre>}
      </Card>
      <CheckpointEvaluations tenant={tenant} id={id} name={c.name} />
    </>
  );
}

/** The checkpoint's evaluation figures (one call), laid out as on the Evaluations page. */
function CheckpointEvaluations({ tenant, id, name }: { tenant: string; id: string; name: string }) {
  const t = useT();
  const ops = useOps();
  const listOp = findOpIn(ops, EVAL_NEEDS[0]);
  const evals = useLoad(async () => (listOp ? api<Evaluation[]>('GET', fill(listOp.path, [tenant, id])) : []), [listOp?.path, tenant, id]);
  const versions = useVersions(tenant);
  const vLabel = (v: string) => versions.data?.find((x) => x.id === v)?.label || v.slice(0, 8);
  const groups = compareByBenchmark(evals.data || [], [id]);
  return (
    <Card title={t('Evaluations')} actions={<Link className="button" to={`/t/${tenant}/evaluations?checkpoints=${id}`}>{t('Compare')}</Link>}>
      <ErrorBox error={evals.error} />
      {!ops ? <Loading /> : !listOp ? <NotAvailable feature={t('Evaluations')} missing={[EVAL_NEEDS[0]]} />
        : evals.loading && !evals.data ? <Loading /> : !groups.length ? <p className="muted">{t('Not evaluated yet.')}</p>
        : <div data-testid="checkpoint-evaluations">{groups.map((g) => (
          <section key={g.benchmark}><h3>{g.benchmark.toUpperCase()}</h3><Comparison benchmark={g.benchmark} columns={g.columns} cpName={() => name} vLabel={vLabel} /></section>
        ))}</div>}
    </Card>
  );
}
