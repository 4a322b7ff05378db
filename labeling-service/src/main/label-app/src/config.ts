/** The app's settings, served by the labeling service at /label/config.json (LabelAppRoutes). */
export interface AppConfig {
  /** OIDC issuer (Keycloak realm radflow) and the app's public client. */
  issuer: string;
  clientId: string;
  /** Seconds before expiry at which the access token is renewed. */
  refreshBeforeSeconds: number;
  /** Same-origin roots of the labeling service. */
  dicomWebRoot: string;
  apiRoot: string;
  /** The quantification service's base URL (its /api/v1), another origin allowed by its CORS. */
  quantificationUrl: string;
  /** The OHIF viewer for radiologists. */
  viewerPath: string;
}

export async function loadConfig(): Promise<AppConfig> {
  const r = await fetch('/label/config.json', { cache: 'no-cache' });
  if (!r.ok) {
    throw new Error(`the app's configuration could not be read (${r.status})`);
  }
  return (await r.json()) as AppConfig;
}
