import { cloneElement, isValidElement, useCallback, useEffect, useId, useState, type ReactElement, type ReactNode } from 'react';
import { ApiError, apiDocs, findOp, type Operation } from './api';
import { useT } from './i18n';

export function useLoad<T>(fn: () => Promise<T>, deps: unknown[]) {
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    fn().then((data) => live && setState({ data, loading: false }), (error) => live && setState({ error, loading: false }));
    return () => { live = false; };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}

/** Looks operations up in the running gateway's OpenAPI document. undefined while loading. */
export function useOps() {
  const [ops, setOps] = useState<Operation[] | undefined>();
  useEffect(() => { apiDocs().then((d) => setOps(d.ops)); }, []);
  return ops;
}

export interface Need { method: string; path: string; what?: string }
/** Resolves each needed endpoint; the "path" uses {placeholders} and must be documented at /v3/api-docs. */
export function resolve(ops: Operation[] | undefined, needs: Need[]) {
  if (!ops) return { ready: false, missing: [] as Need[], found: [] as (Operation | undefined)[] };
  const found = needs.map((n) => findOp(ops, n.method, n.path));
  return { ready: true, missing: needs.filter((_, i) => !found[i]), found };
}

/** The documented operation a Need names, or undefined (also while the document loads). */
export function findOpIn(ops: Operation[] | undefined, need: Need) {
  return ops ? findOp(ops, need.method, need.path) : undefined;
}

export function NotAvailable({ missing, feature }: { missing: Need[]; feature: string }) {
  const t = useT();
  return (
    <section className="not-available" role="status" data-testid="not-available">
      <h3>{feature}: {t('Not available yet')}</h3>
      <p>{t('This gateway does not document')}:</p>
      <ul>{missing.map((m) => <li key={m.method + m.path}><code>{m.method} {m.path}</code>{m.what ? ` — ${m.what}` : ''}</li>)}</ul>
    </section>
  );
}

export function ErrorBox({ error }: { error?: unknown }) {
  const t = useT();
  if (!error) return null;
  const e = error as ApiError;
  return (
    <div className="error" role="alert">
      <strong>{t('Error')}{e.status ? ` ${e.status}` : ''}:</strong> {e.message || String(error)}
      {e.problem?.errors?.length ? <ul>{e.problem.errors.map((x, i) => <li key={i}>{x.field}: {x.message}</li>)}</ul> : null}
    </div>
  );
}

export function Loading() {
  const t = useT();
  return <p className="muted" aria-busy="true">{t('Loading')}…</p>;
}

export function Empty() {
  const t = useT();
  return <p className="muted">{t('No items yet.')}</p>;
}

export function Badge({ value }: { value?: string }) {
  return <span className={`badge badge-${(value || '').toLowerCase()}`}>{value}</span>;
}

export function Card({ title, children, actions }: { title?: ReactNode; children: ReactNode; actions?: ReactNode }) {
  return (
    <section className="card">
      {(title || actions) && <header className="card-head"><h2>{title}</h2><div className="actions">{actions}</div></header>}
      {children}
    </section>
  );
}

export function Progress({ value, label }: { value: number; label: string }) {
  const pct = Math.max(0, Math.min(100, value * 100));
  return (
    <div className="progress" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(pct)}>
      <span style={{ width: `${pct}%` }} />
      <em>{pct.toFixed(0)}%</em>
    </div>
  );
}

/**
 * A labelled form control. `error`: messages of a refusal that names this field (see problemFields in api.ts),
 * shown under the control, which gets aria-invalid and aria-describedby pointing at them.
 */
export function Field({ label, children, error }: { label: string; children: ReactNode; error?: string[] }) {
  const id = useId();
  if (!error?.length) return <label className="field"><span>{label}</span>{children}</label>;
  const control = isValidElement(children)
    ? cloneElement(children as ReactElement<Record<string, unknown>>, { 'aria-invalid': true, 'aria-describedby': id })
    : children;
  return (
    <label className="field has-error"><span>{label}</span>{control}
      <span id={id} className="field-error" aria-hidden="true" data-testid="field-error">{error.join(' ')}</span>
    </label>
  );
}

/** The form-level part of a refusal: its status and the messages no field took (field messages stay by their field). */
export function FormError({ error, other }: { error?: unknown; other: string[] }) {
  const t = useT();
  if (!error) return null;
  const e = error as ApiError;
  return (
    <div className="error" role="alert">
      <strong>{t('Error')}{e.status ? ` ${e.status}` : ''}</strong>{other.length ? `: ${other.join(' ')}` : ` — ${t('see the marked fields')}`}
    </div>
  );
}
