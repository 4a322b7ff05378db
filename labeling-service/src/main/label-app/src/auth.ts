/**
 * OIDC authorization code + PKCE (S256) against Keycloak, for a public client. Tokens stay in this
 * tab (sessionStorage); the access token is renewed with the refresh token before it expires. When
 * the session cannot be renewed, {@link Auth.reauthenticate} asks the page to keep its unsaved work
 * (onLeaving) and logs in again; the page comes back to the same place.
 */
import type { AppConfig } from './config';

interface Tokens {
  access: string;
  refresh?: string;
  idToken?: string;
  expiresAt: number; // ms
}

interface Endpoints {
  authorization_endpoint: string;
  token_endpoint: string;
  end_session_endpoint?: string;
}

const TOKENS = 'radflow.label.tokens';
const PENDING = 'radflow.label.pkce';

function b64url(bytes: Uint8Array): string {
  let s = '';
  bytes.forEach((b) => (s += String.fromCharCode(b)));
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function random(n: number): string {
  const a = new Uint8Array(n);
  crypto.getRandomValues(a);
  return b64url(a);
}

function claims(jwt: string): Record<string, any> {
  const part = jwt.split('.')[1] ?? '';
  const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
  return JSON.parse(decodeURIComponent(escape(json)));
}

export class Auth {
  private tokens: Tokens | null = null;
  private endpoints!: Endpoints;
  private timer: number | undefined;
  private renewing: Promise<boolean> | null = null;
  /** Called before the page is left for the login page: keep unsaved work. */
  onLeaving: () => void = () => {};

  constructor(private readonly config: AppConfig) {}

  /** Completes a login redirect, or resumes the tab's session, or starts a login. */
  async init(): Promise<void> {
    const r = await fetch(this.config.issuer.replace(/\/$/, '') + '/.well-known/openid-configuration');
    if (!r.ok) {
      throw new Error(`the login server (${this.config.issuer}) is not reachable: ${r.status}`);
    }
    this.endpoints = (await r.json()) as Endpoints;
    const url = new URL(location.href);
    const code = url.searchParams.get('code');
    if (code) {
      const pending = JSON.parse(sessionStorage.getItem(PENDING) || 'null');
      sessionStorage.removeItem(PENDING);
      if (!pending || pending.state !== url.searchParams.get('state')) {
        throw new Error('the login answer does not belong to this tab: reload the page to log in again');
      }
      await this.token({
        grant_type: 'authorization_code',
        code,
        redirect_uri: pending.redirect,
        code_verifier: pending.verifier,
      });
      history.replaceState(null, '', pending.redirect + (pending.hash || ''));
      return;
    }
    if (url.searchParams.get('error')) {
      throw new Error('login failed: ' + (url.searchParams.get('error_description') || url.searchParams.get('error')));
    }
    const saved = JSON.parse(sessionStorage.getItem(TOKENS) || 'null') as Tokens | null;
    if (saved) {
      this.tokens = saved;
      if (saved.expiresAt - Date.now() > 15000 || (await this.renew())) {
        this.schedule();
        return;
      }
    }
    await this.login();
  }

  /** Redirects to Keycloak's login page (the promise never resolves). */
  async login(): Promise<never> {
    const verifier = random(48);
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
    const state = random(16);
    const redirect = location.origin + location.pathname;
    sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, redirect, hash: location.hash }));
    const u = new URL(this.endpoints.authorization_endpoint);
    u.searchParams.set('client_id', this.config.clientId);
    u.searchParams.set('response_type', 'code');
    u.searchParams.set('scope', 'openid profile');
    u.searchParams.set('redirect_uri', redirect);
    u.searchParams.set('state', state);
    u.searchParams.set('code_challenge', b64url(digest));
    u.searchParams.set('code_challenge_method', 'S256');
    location.assign(u.toString());
    return new Promise<never>(() => {});
  }

  /** Keeps the page's work, then logs in again (after a session that could not be renewed). */
  async reauthenticate(): Promise<never> {
    this.onLeaving();
    sessionStorage.removeItem(TOKENS);
    return this.login();
  }

  logout(): void {
    const idToken = this.tokens?.idToken;
    sessionStorage.removeItem(TOKENS);
    this.tokens = null;
    if (this.endpoints.end_session_endpoint) {
      const u = new URL(this.endpoints.end_session_endpoint);
      u.searchParams.set('client_id', this.config.clientId);
      u.searchParams.set('post_logout_redirect_uri', location.origin + location.pathname);
      if (idToken) {
        u.searchParams.set('id_token_hint', idToken);
      }
      location.assign(u.toString());
    } else {
      location.reload();
    }
  }

  /** The Authorization header value, renewed first when the token is about to expire. */
  async header(): Promise<string> {
    if (!this.tokens || this.tokens.expiresAt - Date.now() < 5000) {
      if (!(await this.renew())) {
        return this.reauthenticate();
      }
    }
    return 'Bearer ' + this.tokens!.access;
  }

  get username(): string {
    return this.tokens ? String(claims(this.tokens.access).preferred_username ?? '') : '';
  }

  get roles(): string[] {
    return this.tokens ? (claims(this.tokens.access).realm_access?.roles ?? []) : [];
  }

  /** Whether the user may change labels (annotator or admin); the server enforces it too. */
  get canWrite(): boolean {
    return this.roles.includes('annotator') || this.roles.includes('admin');
  }

  /** Whether the user may enter height/weight or pick L3 (radiologist, annotator, admin). */
  get canMeasure(): boolean {
    return this.canWrite || this.roles.includes('radiologist');
  }

  /** Renews the access token with the refresh token; false when the session is over. */
  renew(): Promise<boolean> {
    if (!this.renewing) {
      this.renewing = (async () => {
        try {
          if (!this.tokens?.refresh) {
            return false;
          }
          await this.token({ grant_type: 'refresh_token', refresh_token: this.tokens.refresh });
          return true;
        } catch {
          return false;
        } finally {
          this.renewing = null;
        }
      })();
    }
    return this.renewing;
  }

  private async token(params: Record<string, string>): Promise<void> {
    const body = new URLSearchParams({ client_id: this.config.clientId, ...params });
    const r = await fetch(this.endpoints.token_endpoint, { method: 'POST', body });
    if (!r.ok) {
      throw new Error(`token request refused (${r.status})`);
    }
    const j = await r.json();
    this.tokens = {
      access: j.access_token,
      refresh: j.refresh_token ?? this.tokens?.refresh,
      idToken: j.id_token ?? this.tokens?.idToken,
      expiresAt: Date.now() + j.expires_in * 1000,
    };
    sessionStorage.setItem(TOKENS, JSON.stringify(this.tokens));
    this.schedule();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    if (!this.tokens) {
      return;
    }
    const lead = Math.max(5, this.config.refreshBeforeSeconds) * 1000;
    const wait = Math.max(1000, this.tokens.expiresAt - Date.now() - lead);
    this.timer = window.setTimeout(() => void this.renew(), wait);
  }
}
