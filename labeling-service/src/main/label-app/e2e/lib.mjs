// Shared by the browser tests of the labeling web app: Debian's chromium through playwright-core
// (never a downloaded browser), Keycloak login, screenshots, and a results file the Java test reads.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';

export const env = (name, fallback) => {
  const v = process.env[name] ?? fallback;
  if (v === undefined) throw new Error(`${name} is not set`);
  return v;
};

export async function launch() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--enable-unsafe-swiftshader', '--use-angle=swiftshader', '--disable-background-networking', '--no-first-run'],
  });
  const context = await browser.newContext({ viewport: { width: 1500, height: 950 }, acceptDownloads: true });
  const page = await context.newPage();
  page.setDefaultTimeout(Number(process.env.STEP_TIMEOUT_MS || 60000));
  const log = [];
  page.on('console', (m) => log.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => log.push(`[pageerror] ${e.message}`));
  context.on('response', (r) => {
    if (r.status() >= 400) log.push(`[http ${r.status()}] ${r.request().method()} ${r.url()}`);
  });
  return { browser, context, page, log };
}

/** Opens the app, logs in at Keycloak's page, waits for the study list. */
export async function login(page, base, user, password) {
  await page.goto(`${base}/label/`);
  await page.waitForSelector('#username');
  await page.fill('#username', user);
  await page.fill('#password', password);
  await Promise.all([page.waitForURL(`${base}/label/**`), page.click('#kc-login')]);
  await page.waitForSelector('body[data-ready="studies"]');
}

export function recorder(out) {
  fs.mkdirSync(out, { recursive: true });
  let n = 0;
  const results = { steps: [] };
  return {
    results,
    async shot(page, name) {
      n++;
      const file = path.join(out, `${String(n).padStart(2, '0')}-${name}.png`);
      await page.screenshot({ path: file });
      results.steps.push(name);
    },
    save() {
      fs.writeFileSync(path.join(out, 'results.json'), JSON.stringify(results, null, 2));
    },
  };
}

export function check(ok, what) {
  if (!ok) throw new Error(`check failed: ${what}`);
}

/** Runs main(), writing the console log and the results even when it fails. */
export async function run(out, main) {
  const { browser, page, log } = await launch();
  const rec = recorder(out);
  try {
    await main(page, rec);
    rec.results.ok = true;
  } catch (e) {
    rec.results.ok = false;
    rec.results.error = String(e?.stack || e);
    try {
      await page.screenshot({ path: path.join(out, 'failure.png') });
    } catch {
      // the page is gone
    }
    process.exitCode = 1;
  } finally {
    rec.save();
    fs.writeFileSync(path.join(out, 'console.log'), log.join('\n'));
    await browser.close();
  }
  console.log(JSON.stringify(rec.results));
}
