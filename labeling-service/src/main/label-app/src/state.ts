/** The app's shared state: configuration and login. */
import type { Auth } from './auth';
import type { AppConfig } from './config';

let config: AppConfig;
let authn: Auth;

export function setup(c: AppConfig, a: Auth): void {
  config = c;
  authn = a;
}

export function cfg(): AppConfig {
  return config;
}

export function auth(): Auth {
  return authn;
}
