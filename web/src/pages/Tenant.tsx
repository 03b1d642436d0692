import { useState, type FormEvent } from 'react';
import { api, fmtBytes, fmtDate, ROLES, tenantPath, type Role } from '../api';
import { Card, Empty, ErrorBox, Field, Loading, useLoad } from '../common';
import { BarChart } from '../charts';
import { useT } from '../i18n';

interface Member { userId: string; email: string; displayName?: string; role: Role; since?: string }
interface ApiKey { id: string; name: string; prefix: string; role: Role; scopes?: string[]; createdAt?: string; lastUsedAt?: string; expiresAt?: string; revokedAt?: string }

export function MembersPage({ tenant }: { tenant: string }) {
  const t = useT();
  const list = useLoad(() => api<Member[]>('GET', tenantPath(tenant, '/members')), [tenant]);
  const [form, setForm] = useState({ email: '', displayName: '', role: 'MEMBER' as Role, initialPassword: '' });
  const [error, setError] = useState<unknown>();
  const add = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const body: any = { email: form.email, role: form.role };
      if (form.displayName) body.displayName = form.displayName;
      if (form.initialPassword) body.initialPassword = form.initialPassword;
      await api('POST', tenantPath(tenant, '/members'), body);
      setForm({ ...form, email: '', displayName: '', initialPassword: '' });
      setError(undefined);
      list.reload();
    } catch (err) { setError(err); }
  };
  const change = (m: Member, role: Role) => api('PUT', tenantPath(tenant, `/members/${m.userId}`), { role }).then(list.reload, setError);
  const remove = (m: Member) => confirm(`${t('Remove')} ${m.email}?`) && api('DELETE', tenantPath(tenant, `/members/${m.userId}`)).then(list.reload, setError);
  return (
    <>
      <h1>{t('Members')}</h1>
      <ErrorBox error={list.error || error} />
      <Card title={t('Members')}>
        {list.loading && !list.data ? <Loading /> : !list.data?.length ? <Empty /> : (
          <table className="table" data-testid="members">
            <thead><tr><th>{t('Email')}</th><th>{t('Display name')}</th><th>{t('Role')}</th><th>{t('Since')}</th><th>{t('Actions')}</th></tr></thead>
            <tbody>{list.data.map((m) => (
              <tr key={m.userId}>
                <td>{m.email}</td><td>{m.displayName}</td>
                <td><select aria-label={`${t('Role')} ${m.email}`} value={m.role} onChange={(e) => change(m, e.target.value as Role)}>{ROLES.map((r) => <option key={r}>{r}</option>)}</select></td>
                <td>{fmtDate(m.since)}</td>
                <td><button onClick={() => remove(m)}>{t('Remove')}</button></td>
              </tr>
            ))}</tbody>
          </table>
        )}
      </Card>
      <Card title={t('Add member')}>
        <form className="form-row" onSubmit={add}>
          <Field label={t('Email')}><input type="email" required value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} /></Field>
          <Field label={t('Display name')}><input value={form.displayName} onChange={(e) => setForm({ ...form, displayName: e.target.value })} /></Field>
          <Field label={t('Role')}><select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })}>{ROLES.map((r) => <option key={r}>{r}</option>)}</select></Field>
          <Field label={t('Initial password')}><input type="password" minLength={12} autoComplete="new-password" value={form.initialPassword} onChange={(e) => setForm({ ...form, initialPassword: e.target.value })} /></Field>
          <button className="primary" type="submit">{t('Add')}</button>
        </form>
      </Card>
    </>
  );
}

export function ApiKeysPage({ tenant }: { tenant: string }) {
  const t = useT();
  const list = useLoad(() => api<ApiKey[]>('GET', tenantPath(tenant, '/api-keys')), [tenant]);
  const [form, setForm] = useState({ name: '', role: 'MEMBER' as Role, expiresAt: '' });
  const [secret, setSecret] = useState<string>();
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<unknown>();
  const create = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const body: any = { name: form.name, role: form.role };
      if (form.expiresAt) body.expiresAt = new Date(form.expiresAt).toISOString();
      const created = await api<{ key: ApiKey; secret: string }>('POST', tenantPath(tenant, '/api-keys'), body);
      setSecret(created.secret);
      setCopied(false);
      setForm({ ...form, name: '' });
      setError(undefined);
      list.reload();
    } catch (err) { setError(err); }
  };
  const copy = async () => {
    try { await navigator.clipboard.writeText(secret!); } catch {
      const el = document.getElementById('secret') as HTMLInputElement; el.select(); document.execCommand('copy');
    }
    setCopied(true);
  };
  const revoke = (k: ApiKey) => confirm(`${t('Revoke')} ${k.name}?`) && api('DELETE', tenantPath(tenant, `/api-keys/${k.id}`)).then(list.reload, setError);
  return (
    <>
      <h1>{t('API keys')}</h1>
      <ErrorBox error={list.error || error} />
      {secret && (
        <section className="card secret" role="alert" data-testid="new-secret">
          <p><strong>{t('This secret is shown only once. Copy it now.')}</strong></p>
          <div className="form-row">
            <input id="secret" readOnly value={secret} aria-label={t('Secret')} className="mono wide" onFocus={(e) => e.target.select()} />
            <button onClick={copy} data-testid="copy-secret">{copied ? t('Copied') : t('Copy')}</button>
            <button onClick={() => setSecret(undefined)}>{t('Close')}</button>
          </div>
        </section>
      )}
      <Card title={t('Create API key')}>
        <form className="form-row" onSubmit={create} data-testid="create-key">
          <Field label={t('Name')}><input name="keyName" required maxLength={100} value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} /></Field>
          <Field label={t('Role')}><select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })}>{ROLES.map((r) => <option key={r}>{r}</option>)}</select></Field>
          <Field label={t('Expires')}><input type="date" value={form.expiresAt} onChange={(e) => setForm({ ...form, expiresAt: e.target.value })} /></Field>
          <button className="primary" type="submit">{t('Create')}</button>
        </form>
      </Card>
      <Card title={t('API keys')}>
        {list.loading && !list.data ? <Loading /> : !list.data?.length ? <Empty /> : (
          <table className="table" data-testid="keys">
            <thead><tr><th>{t('Name')}</th><th>{t('Prefix')}</th><th>{t('Role')}</th><th>{t('Created')}</th><th>{t('Last used')}</th><th>{t('Expires')}</th><th>{t('State')}</th><th>{t('Actions')}</th></tr></thead>
            <tbody>{list.data.map((k) => (
              <tr key={k.id}>
                <td>{k.name}</td><td className="mono">{k.prefix}</td><td>{k.role}</td><td>{fmtDate(k.createdAt)}</td>
                <td>{k.lastUsedAt ? fmtDate(k.lastUsedAt) : t('never')}</td><td>{k.expiresAt ? fmtDate(k.expiresAt) : t('never')}</td>
                <td>{k.revokedAt ? t('Revoked') : t('Active')}</td>
                <td>{!k.revokedAt && <button onClick={() => revoke(k)}>{t('Revoke')}</button>}</td>
              </tr>
            ))}</tbody>
          </table>
        )}
      </Card>
    </>
  );
}

export function QuotasPage({ tenant }: { tenant: string }) {
  const t = useT();
  const quotas = useLoad(() => api<{ maxRunningJobs: number; storageQuotaBytes: number }>('GET', tenantPath(tenant, '/quotas')), [tenant]);
  const usage = useLoad(() => api<{ runningJobs: number; queuedJobs: number; days: { day: string; metric: string; amount: number }[] }>('GET', tenantPath(tenant, '/usage')), [tenant]);
  const [edit, setEdit] = useState<{ maxRunningJobs: string; storageGiB: string }>();
  const [error, setError] = useState<unknown>();
  const save = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await api('PUT', tenantPath(tenant, '/quotas'), { maxRunningJobs: +edit!.maxRunningJobs, storageQuotaBytes: Math.round(+edit!.storageGiB * 2 ** 30) });
      setEdit(undefined);
      quotas.reload();
    } catch (err) { setError(err); }
  };
  const byMetric: Record<string, number> = {};
  for (const d of usage.data?.days || []) byMetric[d.metric] = (byMetric[d.metric] || 0) + Number(d.amount);
  return (
    <>
      <h1>{t('Quotas & usage')}</h1>
      <ErrorBox error={quotas.error || usage.error || error} />
      <Card title={t('Quotas & usage')} actions={quotas.data && !edit && <button onClick={() => setEdit({ maxRunningJobs: String(quotas.data!.maxRunningJobs), storageGiB: String(quotas.data!.storageQuotaBytes / 2 ** 30) })}>{t('Save')}…</button>}>
        {!quotas.data ? <Loading /> : edit ? (
          <form className="form-row" onSubmit={save}>
            <Field label={t('Max running jobs')}><input type="number" min={0} value={edit.maxRunningJobs} onChange={(e) => setEdit({ ...edit, maxRunningJobs: e.target.value })} /></Field>
            <Field label={`${t('Storage quota')} (GiB)`}><input type="number" min={0} step="any" value={edit.storageGiB} onChange={(e) => setEdit({ ...edit, storageGiB: e.target.value })} /></Field>
            <button className="primary">{t('Save')}</button><button type="button" onClick={() => setEdit(undefined)}>{t('Cancel')}</button>
          </form>
        ) : (
          <dl className="kv" data-testid="quotas">
            <dt>{t('Max running jobs')}</dt><dd>{quotas.data.maxRunningJobs}</dd>
            <dt>{t('Storage quota')}</dt><dd>{fmtBytes(quotas.data.storageQuotaBytes)}</dd>
            <dt>{t('Running jobs')}</dt><dd>{usage.data?.runningJobs ?? ''}</dd>
            <dt>{t('Queued jobs')}</dt><dd>{usage.data?.queuedJobs ?? ''}</dd>
          </dl>
        )}
      </Card>
      <Card title={t('Usage by day')}>
        {Object.keys(byMetric).length > 0 && <BarChart title={t('Metric')} data={Object.entries(byMetric).map(([label, value]) => ({ label, value }))} />}
        {!usage.data?.days?.length ? <Empty /> : (
          <table className="table">
            <thead><tr><th>{t('Day')}</th><th>{t('Metric')}</th><th>{t('Amount')}</th></tr></thead>
            <tbody>{usage.data.days.map((d, i) => <tr key={i}><td>{d.day}</td><td>{d.metric}</td><td>{d.amount}</td></tr>)}</tbody>
          </table>
        )}
      </Card>
    </>
  );
}
