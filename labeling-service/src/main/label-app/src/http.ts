/** Requests with the user's token; failures become {@link HttpError} with the server's reason. */
import type { Auth } from './auth';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: any = null,
  ) {
    super(message);
  }
}

let auth: Auth;

export function useAuth(a: Auth): void {
  auth = a;
}

export function authHeader(): Promise<string> {
  return auth.header();
}

/** A request with the bearer token; a 401 renews the session once, then logs in again. */
export async function request(url: string, init: RequestInit = {}, retried = false): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('Authorization', await auth.header());
  let r: Response;
  try {
    r = await fetch(url, { ...init, headers });
  } catch (e) {
    throw new HttpError(0, `${describe(url)}: the server cannot be reached (${(e as Error).message})`);
  }
  if (r.status === 401 && !retried) {
    if (await auth.renew()) {
      return request(url, init, true);
    }
    return auth.reauthenticate();
  }
  if (!r.ok) {
    let body: any = null;
    let reason = r.statusText;
    const text = await r.text();
    try {
      body = JSON.parse(text);
      reason = body.error ?? body.message ?? body.title ?? text;
    } catch {
      reason = text.trim().slice(0, 300) || r.statusText;
    }
    if (r.status === 403) {
      reason = 'not allowed for your role (' + reason + ')';
    }
    throw new HttpError(r.status, `${describe(url)}: ${r.status} ${reason}`, body);
  }
  return r;
}

export async function json<T = any>(url: string, init: RequestInit = {}): Promise<T> {
  const r = await request(url, { ...init, headers: { Accept: 'application/json', ...(init.headers || {}) } });
  if (r.status === 204) {
    return null as T;
  }
  return (await r.json()) as T;
}

export function send<T = any>(url: string, method: string, body: unknown): Promise<T> {
  return json<T>(url, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}

function describe(url: string): string {
  const u = new URL(url, location.href);
  return u.pathname.replace(/^\/(api\/v1|dicomweb)\//, '');
}
