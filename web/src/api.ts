// The console talks to the gateway's public REST API only (/api/v1, documented at /v3/api-docs).

export type Role = 'VIEWER' | 'MEMBER' | 'ADMIN' | 'OWNER';
export const ROLES: Role[] = ['VIEWER', 'MEMBER', 'ADMIN', 'OWNER'];
export interface TenantRole { tenantId: string; slug: string; role: Role }
export interface Me { actor: string; kind: string; platformAdmin: boolean; userId?: string; tenants: TenantRole[] }
export interface Problem { title?: string; detail?: string; status?: number; errors?: { field?: string; message?: string }[] }
export interface JobView {
  id: string; type: string; state: string; attempt?: number; maxAttempts?: number; priority?: number;
  progress?: number; progressMessage?: string; error?: string; payload?: any; result?: any;
  createdAt?: string; startedAt?: string; finishedAt?: string; updatedAt?: string; createdBy?: string; dependsOn?: string[];
}
export interface JobEvent { id: number; jobId: string; kind: 'STATE' | 'LOG' | 'METRIC' | 'PROGRESS'; message?: string; data?: any; at?: string }

export class ApiError extends Error {
  constructor(public status: number, public problem: Problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
  }
}

export function cookie(name: string): string | undefined {
  const hit = document.cookie.split('; ').find((c) => c.startsWith(name + '='));
  return hit ? decodeURIComponent(hit.slice(name.length + 1)) : undefined;
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

async function csrfToken(refresh = false): Promise<string> {
  let token = refresh ? undefined : cookie('XSRF-TOKEN');
  if (!token) {
    const res = await fetch('/api/v1/session/csrf', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    const body = res.ok ? await res.json() : {};
    token = cookie('XSRF-TOKEN') || body.token || '';
  }
  return token!;
}

export interface CallOptions { headers?: Record<string, string>; raw?: boolean; signal?: AbortSignal }

/** Calls the API; JSON bodies in and out, problem+json errors become ApiError. Unsafe calls carry the CSRF token. */
export async function api<T = any>(method: string, path: string, body?: unknown, opts: CallOptions = {}): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers };
    if (!SAFE.has(method)) headers['X-XSRF-TOKEN'] = await csrfToken(attempt > 0);
    let payload: BodyInit | undefined;
    if (body instanceof Blob || body instanceof ArrayBuffer) payload = body as BodyInit;
    else if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const res = await fetch(path, { method, headers, body: payload, credentials: 'same-origin', signal: opts.signal });
    if (res.status === 403 && !SAFE.has(method) && attempt === 0) {
      // A stale CSRF token (new session): fetch a fresh one and try once more.
      continue;
    }
    if (!res.ok) {
      let problem: Problem = { status: res.status, title: res.statusText };
      try { problem = await res.json(); } catch { /* not JSON */ }
      throw new ApiError(res.status, problem);
    }
    if (opts.raw) return res as unknown as T;
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

export const tenantPath = (tenant: string, rest = '') => `/api/v1/tenants/${encodeURIComponent(tenant)}${rest}`;

// ---- capabilities: which operations the running gateway documents (checked at run time, never assumed) ----

export interface Operation { method: string; path: string; operationId?: string; op: any }
let docs: Promise<{ ops: Operation[]; schemas: Record<string, any> }> | null = null;

export function apiDocs() {
  if (!docs) {
    docs = fetch('/v3/api-docs', { headers: { Accept: 'application/json' } })
      .then((r) => (r.ok ? r.json() : { paths: {} }))
      .then((d) => {
        const ops: Operation[] = [];
        for (const [path, item] of Object.entries<any>(d.paths || {})) {
          for (const [method, op] of Object.entries<any>(item)) {
            if (['get', 'post', 'put', 'patch', 'delete'].includes(method)) ops.push({ method: method.toUpperCase(), path, operationId: op.operationId, op });
          }
        }
        return { ops, schemas: d.components?.schemas || {} };
      })
      .catch(() => ({ ops: [], schemas: {} }));
  }
  return docs;
}

/** Finds a documented operation by method and a path pattern ({x} placeholders match any one segment). */
export function findOp(ops: Operation[], method: string, pattern: RegExp | string): Operation | undefined {
  const re = typeof pattern === 'string' ? new RegExp('^' + pattern.replace(/\{[^}]+\}/g, '\\{[^}]+\\}') + '$') : pattern;
  return ops.find((o) => o.method === method && re.test(o.path));
}

/** Fills a documented path template ({tenant}, {datasetId}, ...) from values, in order of appearance. */
export function fill(template: string, values: Record<string, string> | string[]): string {
  let i = 0;
  return template.replace(/\{([^}]+)\}/g, (_, name) => {
    const v = Array.isArray(values) ? values[i++] : values[name];
    return encodeURIComponent(v ?? '');
  });
}

export function fmtDate(s?: string) {
  if (!s) return '';
  const d = new Date(s);
  return isNaN(d.getTime()) ? s : d.toLocaleString();
}

export function fmtBytes(n?: number) {
  if (n == null) return '';
  const u = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < u.length - 1) { v /= 1024; i++; }
  return `${v.toFixed(i ? 1 : 0)} ${u[i]}`;
}

/**
 * Splits a refusal into messages for the form fields it names and the rest. problem+json `errors` name their field
 * (the leaf of a path: `hyper.lr` -> `lr`, `labels[2]` -> `labels`); a detail that starts with a known field
 * (`datasetVersionId: the dataset version is FAILED, not READY`) names it too; a 404 detail `<what> not found`
 * names the field `notFound` maps `<what>` to. `key` turns a field path into the name `fields` uses (default: the
 * leaf; forms with repeated parts pass `fieldPath` to keep `stages[0].maxSteps` apart from `stages[1].maxSteps`).
 */
export function problemFields(error: unknown, fields: string[], notFound: Record<string, string> = {}, key: (field: string) => string = leafOf): { byField: Record<string, string[]>; other: string[] } {
  const byField: Record<string, string[]> = {};
  const other: string[] = [];
  if (!error) return { byField, other };
  const add = (field: string, msg: string) => { (byField[field] ||= []).push(msg); };
  const leaf = key;
  const e = error as Partial<ApiError>;
  const problem: Problem = e.problem || {};
  const detail = problem.detail || (error instanceof Error ? error.message : String(error));
  let named = false;
  for (const x of problem.errors || []) {
    const f = leaf(x.field || '');
    if (fields.includes(f)) { add(f, x.message || 'is invalid'); named = true; } else other.push(x.field ? `${x.field}: ${x.message}` : String(x.message));
  }
  if (!problem.errors?.length) {
    const m = /^([A-Za-z][\w.[\]]*):\s+([\s\S]+)$/.exec(detail);
    const nf = /^(.+) not found$/.exec(detail);
    if (m && fields.includes(leaf(m[1]))) { add(leaf(m[1]), m[2]); named = true; }
    else if (e.status === 404 && nf && notFound[nf[1]]) { add(notFound[nf[1]], detail); named = true; }
    else other.push(detail);
  } else if (!named && detail) other.unshift(detail);
  return { byField, other };
}

/** The leaf of a field path: `hyper.lr` -> `lr`, `labels[2]` -> `labels`. */
export const leafOf = (f: string) => f.replace(/\[\d*\]/g, '').split('.').filter(Boolean).pop() || '';
/** A field path without a trailing index: `stages[0].datasetVersionIds[1]` -> `stages[0].datasetVersionIds`. */
export const fieldPath = (f: string) => f.replace(/\[\d*\]$/, '');
