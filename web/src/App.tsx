import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError, type Me, type TenantRole } from './api';
import { LangContext, useT, type Lang } from './i18n';
import { Link, match, navigate, useLocation } from './router';
import { ErrorBox, Loading } from './common';
import { JobsPage, JobDetailPage } from './pages/Jobs';
import { MembersPage, ApiKeysPage, QuotasPage } from './pages/Tenant';
import { DatasetsPage, DatasetDetailPage } from './pages/Datasets';
import { RunsPage, NewRunPage, RunDetailPage } from './pages/Runs';
import { CheckpointsPage, CheckpointDetailPage } from './pages/Checkpoints';
import { DeploymentsPage, DeploymentDetailPage } from './pages/Deployments';
import { EvaluationsPage } from './pages/Evaluations';

declare global { interface Window { __emoqwenShellAt?: number } }

export function App() {
  const [lang, setLangState] = useState<Lang>(() => (localStorage.getItem('emoqwen.lang') as Lang) || (navigator.language.startsWith('zh') ? 'zh' : 'en'));
  const setLang = (l: Lang) => { localStorage.setItem('emoqwen.lang', l); setLangState(l); };
  useEffect(() => { document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en'; }, [lang]);
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const refreshMe = () => api<Me>('GET', '/api/v1/me').then(setMe, (e) => (e instanceof ApiError && e.status === 401 ? setMe(null) : setMe(null)));
  useEffect(() => { refreshMe(); }, []);
  return (
    <LangContext.Provider value={{ lang, setLang }}>
      {me === undefined ? <Loading /> : me === null ? <SignIn onSignedIn={refreshMe} /> : <Shell me={me} onSignedOut={() => setMe(null)} />}
    </LangContext.Provider>
  );
}

function LangSwitch() {
  const t = useT();
  return (
    <LangContext.Consumer>
      {({ lang, setLang }) => (
        <label className="inline">
          <span className="sr-only">{t('Language')}</span>
          <select aria-label={t('Language')} value={lang} onChange={(e) => setLang(e.target.value as Lang)} data-testid="lang">
            <option value="en">English</option>
            <option value="zh">中文</option>
          </select>
        </label>
      )}
    </LangContext.Consumer>
  );
}

function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const t = useT();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  useEffect(() => { window.__emoqwenShellAt ??= performance.now(); }, []);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await api('POST', '/api/v1/session', { email, password });
      if (location.pathname === '/signin') navigate('/', true);
      onSignedIn();
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? new Error(t('Wrong email or password')) : err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="signin" data-testid="signin">
      <form onSubmit={submit} aria-labelledby="signin-title">
        <h1 id="signin-title">{t('Emotion-Qwen Console')}</h1>
        <label className="field"><span>{t('Email')}</span>
          <input name="email" type="email" autoComplete="username" required autoFocus value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label className="field"><span>{t('Password')}</span>
          <input name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <ErrorBox error={error} />
        <button type="submit" className="primary" disabled={busy}>{busy ? t('Signing in…') : t('Sign in')}</button>
        <p className="muted small">{t('Single sign-on')}: OIDC bearer tokens are accepted by the API when the gateway has an issuer configured.</p>
        <LangSwitch />
      </form>
    </main>
  );
}

const NAV: [string, string][] = [
  ['jobs', 'Jobs'], ['datasets', 'Datasets'], ['runs', 'Training runs'], ['checkpoints', 'Checkpoints'],
  ['deployments', 'Deployments'], ['evaluations', 'Evaluations'], ['members', 'Members'], ['keys', 'API keys'], ['quotas', 'Quotas & usage'],
];

function Shell({ me, onSignedOut }: { me: Me; onSignedOut: () => void }) {
  const t = useT();
  const loc = useLocation();
  const [tenants, setTenants] = useState<TenantRole[]>(me.tenants || []);
  useEffect(() => {
    window.__emoqwenShellAt ??= performance.now();
    if (me.platformAdmin) {
      api<{ id: string; slug: string }[]>('GET', '/api/v1/tenants').then((all) => {
        const known = new Set((me.tenants || []).map((x) => x.slug));
        setTenants([...(me.tenants || []), ...all.filter((x) => !known.has(x.slug)).map((x) => ({ tenantId: x.id, slug: x.slug, role: 'OWNER' as const }))]);
      }, () => {});
    }
  }, [me]);
  const fromPath = match('/t/:tenant', '/' + loc.split('/').slice(1, 3).join('/'))?.tenant;
  const stored = localStorage.getItem('emoqwen.tenant');
  const tenant = fromPath || (tenants.some((x) => x.slug === stored) ? stored! : tenants[0]?.slug);
  useEffect(() => {
    if (tenant) localStorage.setItem('emoqwen.tenant', tenant);
    if (!fromPath && tenant) navigate(`/t/${tenant}/jobs`, true);
  }, [tenant, fromPath]);
  const section = loc.split('?')[0].split('/')[3] || 'jobs';
  const signOut = async () => {
    await api('DELETE', '/api/v1/session').catch(() => {});
    onSignedOut();
  };
  const role = tenants.find((x) => x.slug === tenant)?.role;
  return (
    <div className="shell" data-testid="app-shell">
      <a href="#main" className="skip">{t('Skip to content')}</a>
      <header className="topbar">
        <strong className="brand">{t('Emotion-Qwen Console')}</strong>
        <label className="inline">
          <span>{t('Tenant')}</span>
          <select data-testid="tenant-switcher" value={tenant || ''} onChange={(e) => navigate(`/t/${e.target.value}/${section}`)}>
            {tenants.map((x) => <option key={x.slug} value={x.slug}>{x.slug}</option>)}
          </select>
        </label>
        {role && <span className="badge">{role}</span>}
        <span className="spacer" />
        <span className="muted small" title={t('Signed in as')}>{me.actor}</span>
        <LangSwitch />
        <button onClick={signOut} data-testid="sign-out">{t('Sign out')}</button>
      </header>
      <nav className="sidenav" aria-label="main">
        {tenant && NAV.map(([id, label]) => (
          <Link key={id} to={`/t/${tenant}/${id}`} aria-current={section === id ? 'page' : undefined}>{t(label)}</Link>
        ))}
      </nav>
      <main id="main" tabIndex={-1}>
        {tenant ? <Routes tenant={tenant} path={loc.split('?')[0]} /> : <p className="muted">No tenant membership.</p>}
      </main>
    </div>
  );
}

function Routes({ tenant, path }: { tenant: string; path: string }) {
  const t = useT();
  const rest = '/' + path.split('/').slice(3).join('/');
  const routes: [string, (p: Record<string, string>) => ReactNode][] = [
    ['/jobs', () => <JobsPage tenant={tenant} />],
    ['/jobs/:id', (p) => <JobDetailPage tenant={tenant} id={p.id} />],
    ['/members', () => <MembersPage tenant={tenant} />],
    ['/keys', () => <ApiKeysPage tenant={tenant} />],
    ['/quotas', () => <QuotasPage tenant={tenant} />],
    ['/datasets', () => <DatasetsPage tenant={tenant} />],
    ['/datasets/:id', (p) => <DatasetDetailPage tenant={tenant} id={p.id} />],
    ['/runs', () => <RunsPage tenant={tenant} />],
    ['/runs/new', () => <NewRunPage tenant={tenant} />],
    ['/runs/:id', (p) => <RunDetailPage tenant={tenant} id={p.id} />],
    ['/checkpoints', () => <CheckpointsPage tenant={tenant} />],
    ['/checkpoints/:id', (p) => <CheckpointDetailPage tenant={tenant} id={p.id} />],
    ['/deployments', () => <DeploymentsPage tenant={tenant} />],
    ['/deployments/:id', (p) => <DeploymentDetailPage tenant={tenant} id={p.id} />],
    ['/evaluations', () => <EvaluationsPage tenant={tenant} />],
  ];
  if (rest === '/') return null;
  for (const [pattern, render] of routes) {
    const params = match(pattern, rest);
    if (params) return <div key={tenant + rest}>{render(params)}</div>;
  }
  return <h1>{t('Page not found')}</h1>;
}
