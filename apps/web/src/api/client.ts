/**
 * Same-origin calls to /api/v1 with the signed-in user's token. Every refusal arrives as an
 * RFC 9457 problem document and is thrown as an ApiError carrying it.
 */
import { fieldMessage } from '../i18n/problems';

export interface FieldError {
  field: string;
  message: string;
}

export interface Problem {
  status: number;
  code: string;
  detail: string;
  title?: string;
  errors?: FieldError[];
  /** How long to wait before trying again (a 429's Retry-After), in seconds. */
  retryAfterSeconds?: number;
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
    this.name = 'ApiError';
  }
  get status() {
    return this.problem.status;
  }
  get code() {
    return this.problem.code;
  }
  /** Field errors by field path (`customer.phone`, `lines.0.items.1.amountCents`), in the page's language where we know them. */
  fieldErrors(): Record<string, string> {
    return Object.fromEntries((this.problem.errors ?? []).map((e) => [e.field, fieldMessage(e.message)]));
  }
}

/** What any thrown value means to the user, as a problem document. */
export function asProblem(e: unknown): Problem {
  if (e instanceof ApiError) return e.problem;
  return { status: 0, code: 'NETWORK', detail: e instanceof Error ? e.message : String(e) };
}

export const API_BASE = '/api/v1';

type TokenSource = () => string | null;
/** A refused token: the problem says why (`SESSION_ENDED`, `TOKEN_EXPIRED`, ...). */
type Unauthorized = (problem: Problem) => void;

let tokenOf: TokenSource = () => null;
let onUnauthorized: Unauthorized = () => undefined;

/** The session module tells the client where the token is and what to do when it is refused. */
export function configureClient(opts: { token: TokenSource; unauthorized: Unauthorized }) {
  tokenOf = opts.token;
  onUnauthorized = opts.unauthorized;
}

// A retried POST with the same body reuses its Idempotency-Key, so a double click or a
// retry after a network failure never registers anything twice (docs/api.md#retries).
const pendingKeys = new Map<string, string>();

function newKey(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  return c?.randomUUID ? c.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

async function readProblem(res: Response): Promise<Problem> {
  const text = await res.text();
  const retryAfter = Number(res.headers.get('Retry-After'));
  const wait = retryAfter > 0 ? { retryAfterSeconds: Math.ceil(retryAfter) } : {};
  try {
    const body = JSON.parse(text) as Partial<Problem>;
    return {
      status: body.status ?? res.status,
      code: body.code ?? `HTTP_${res.status}`,
      detail: body.detail ?? body.title ?? res.statusText,
      title: body.title,
      errors: body.errors,
      ...wait,
    };
  } catch {
    return { status: res.status, code: `HTTP_${res.status}`, detail: text.slice(0, 300) || res.statusText, ...wait };
  }
}

export interface Answer<T> {
  status: number;
  body: T;
}

/** The answer to a request; a request that never reached the API is the problem `NETWORK`. */
async function reach(path: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(`${API_BASE}${path}`, init);
  } catch (e) {
    throw new ApiError({ status: 0, code: 'NETWORK', detail: e instanceof Error ? e.message : String(e) });
  }
}

/** Throws the problem of an answer that is not a success; a 401 (but a failed sign-in's) ends the session. */
async function refuseIfProblem(path: string, res: Response): Promise<void> {
  if (res.ok) return;
  const problem = await readProblem(res);
  if (res.status === 401 && !path.startsWith('/auth/login')) onUnauthorized(problem);
  throw new ApiError(problem);
}

export async function call<T>(method: string, path: string, body?: unknown): Promise<Answer<T>> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const token = tokenOf();
  if (token) headers.Authorization = `Bearer ${token}`;
  let payload: string | undefined;
  let keyId: string | undefined;
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  if (method === 'POST') {
    keyId = `${path}\n${payload ?? ''}`;
    const key = pendingKeys.get(keyId) ?? newKey();
    pendingKeys.set(keyId, key);
    headers['Idempotency-Key'] = key;
  }
  const res = await reach(path, { method, headers, body: payload });
  // a definite answer (anything but a server failure) ends the key's life
  if (keyId && res.status < 500) pendingKeys.delete(keyId);
  await refuseIfProblem(path, res);
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

export const api = {
  get: async <T>(path: string) => (await call<T>('GET', path)).body,
  post: async <T>(path: string, body: unknown) => (await call<T>('POST', path, body)).body,
  put: async <T>(path: string, body: unknown) => (await call<T>('PUT', path, body)).body,
  /** Every page of a list (`{items, nextCursor?}`), up to `max` items. */
  async all<T>(path: string, max = 5000): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | undefined;
    do {
      const sep = path.includes('?') ? '&' : '?';
      const page = await api.get<{ items: T[]; nextCursor?: string }>(
        `${path}${sep}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor && items.length < max);
    return items;
  },
  /** Sends a file's raw bytes (a signed original), with an Idempotency-Key; answers the JSON answer. */
  async upload<T>(path: string, file: Blob): Promise<T> {
    const token = tokenOf();
    const headers: Record<string, string> = { Accept: 'application/json', 'Idempotency-Key': newKey() };
    if (token) headers.Authorization = `Bearer ${token}`;
    if (file.type) headers['Content-Type'] = file.type;
    const res = await reach(path, { method: 'POST', headers, body: file });
    await refuseIfProblem(path, res);
    return (await res.json()) as T;
  },
  /** A binary answer (a printable PDF) as a Blob, fetched with the token. */
  async blob(path: string): Promise<Blob> {
    const token = tokenOf();
    const res = await reach(path, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
    await refuseIfProblem(path, res);
    return res.blob();
  },
};

/** A query string from the given values, leaving out empty ones. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const pairs = Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '');
  return pairs.length ? `?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&')}` : '';
}
