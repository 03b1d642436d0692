import { useState } from 'react';
import { api, fill, tenantPath } from '../api';
import { Card, Empty, ErrorBox, Loading, NotAvailable, useLoad, useOps, type Need } from '../common';
import { ConfusionMatrix } from '../charts';
import { useT } from '../i18n';

const EVAL_NEED: Need = { method: 'GET', path: '/api/v1/tenants/{tenant}/checkpoints/{checkpointId}/evaluations', what: 'metrics and confusion matrices per checkpoint' };

export function EvaluationsPage({ tenant }: { tenant: string }) {
  const t = useT();
  const ops = useOps();
  const op = ops?.find((o) => o.method === 'GET' && /\/checkpoints\/\{[^}]+\}\/evaluations$/.test(o.path));
  const cps = useLoad(() => api<any[]>('GET', tenantPath(tenant, '/checkpoints')), [tenant]);
  const [picked, setPicked] = useState<string[]>([]);
  const evals = useLoad(async () => {
    if (!op) return {};
    const out: Record<string, any> = {};
    await Promise.all(picked.map(async (id) => { out[id] = await api<any>('GET', fill(op.path, [tenant, id])).catch((e) => ({ error: e })); }));
    return out;
  }, [op?.path, picked.join()]);
  if (!ops) return <Loading />;
  const name = (id: string) => cps.data?.find((c) => c.id === id)?.name || id.slice(0, 8);
  const metricsOf = (e: any): Record<string, number> => {
    const first = Array.isArray(e) ? e[0] : e?.evaluations?.[0] || e;
    return first?.metrics || {};
  };
  const confusionOf = (e: any) => { const first = Array.isArray(e) ? e[0] : e?.evaluations?.[0] || e; return first?.confusion || first?.confusionMatrix; };
  const metricNames = [...new Set(picked.flatMap((id) => Object.keys(metricsOf(evals.data?.[id]))))];
  return (
    <>
      <h1>{t('Evaluations')}</h1>
      {!op ? <NotAvailable feature={t('Evaluations')} missing={[EVAL_NEED]} /> : (
        <>
          <Card title={t('Select checkpoints to compare')}>
            <ErrorBox error={cps.error} />
            {!cps.data?.length ? <Empty /> : cps.data.map((c) => (
              <label key={c.id} className="inline"><input type="checkbox" checked={picked.includes(c.id)} onChange={(e) => setPicked(e.target.checked ? [...picked, c.id] : picked.filter((x) => x !== c.id))} /> {c.name}</label>
            ))}
          </Card>
          {picked.length > 0 && (
            <Card title={t('Compare')}>
              <table className="table" data-testid="eval-table">
                <thead><tr><th>{t('Metric')}</th>{picked.map((id) => <th key={id}>{name(id)}</th>)}</tr></thead>
                <tbody>{metricNames.map((m) => <tr key={m}><td>{m}</td>{picked.map((id) => <td key={id}>{metricsOf(evals.data?.[id])[m]?.toFixed?.(4) ?? ''}</td>)}</tr>)}</tbody>
              </table>
              <div className="two-col">{picked.map((id) => { const c = confusionOf(evals.data?.[id]); return c ? <ConfusionMatrix key={id} title={`${t('Confusion matrix')} — ${name(id)}`} labels={c.labels} matrix={c.matrix || c.counts} /> : null; })}</div>
            </Card>
          )}
        </>
      )}
    </>
  );
}
