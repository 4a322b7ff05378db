// Drives the real OHIF viewer served by the labeling-service at /viewer/ in headless chromium, logged
// in through Keycloak: login page, study list, a 300-slice CT (render, scroll to slice 150); while
// the CT session's access token runs out, a second tab shows the MPR layout and a DX; then, the
// first token expired, the CT session loads images it never loaded (its second series); logout.
// Screenshots go to args.out; one JSON object with the observations is printed for the Java test
// (OhifViewerInteropTest), which makes the assertions.
// usage: node ohif-viewer.mjs '{"base":..., "keycloak":<issuer>, "user":..., "password":...,
//                               "ct":..., "ctDescription":..., "dx":..., "out":...}'
import { mkdirSync, writeFileSync } from 'node:fs';
import { launch } from './browser.mjs';
import { login, recordError, scrollTo, skipTour } from './ohif-common.mjs';

const a = JSON.parse(process.argv[2]);
mkdirSync(a.out, { recursive: true });
const result = { failures: [], aborted: 0, steps: [], consoleErrors: [], tokenGrants: [], revocations: [] };
const dicomweb = []; // every /dicomweb request: {t, url, status, token: {id, iat, exp} | null}
const t0 = Date.now();
const step = (name) => result.steps.push({ name, ms: Date.now() - t0 });
const browser = await launch();
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1400, height: 900 });
  page.setDefaultTimeout(180000);
  observe(page, 'main');

  // login: /viewer/ sends the browser to Keycloak's login page (authorization code + PKCE)
  await page.goto(a.base + '/viewer/', { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('#username');
  result.loginPage = { url: page.url(), title: await page.title() };
  await page.screenshot({ path: `${a.out}/0-login.png` });
  await login(page, a.user, a.password);

  // study list
  await page.waitForFunction((d) => document.body.innerText.includes(d), {}, a.ctDescription);
  step('login and study list');
  result.afterLoginUrl = page.url();
  result.studyList = await page.evaluate(() => document.body.innerText);
  result.crossOriginIsolated = await page.evaluate(() => self.crossOriginIsolated);
  await page.screenshot({ path: `${a.out}/1-study-list.png` });

  // the CT (a page load: the viewer signs in again through Keycloak's session, without a form)
  const ctFrom = dicomweb.filter((r) => r.page === 'main').length;
  await open(page, `${a.base}/viewer/viewer?StudyInstanceUIDs=${a.ct}`);
  result.ctStats = await waitForImage(page, 1);
  step('CT first image');
  await page.screenshot({ path: `${a.out}/2-ct.png` });
  await skipTour(page);
  await scrollTo(page, 150, 300);
  result.sliceText = (await page.evaluate(() => document.body.innerText)).match(/[^\n]*\(150\s*\/\s*300\)[^\n]*/)[0];
  result.sliceStats = await waitForImage(page, 1);
  step('CT slice 150');
  await page.screenshot({ path: `${a.out}/3-ct-slice-150.png` });

  // meanwhile, in a second tab (its own sign-in through Keycloak's session): MPR and the DX
  const other = await browser.newPage();
  await other.setViewport({ width: 1400, height: 900 });
  other.setDefaultTimeout(180000);
  observe(other, 'second tab');
  await open(other, `${a.base}/viewer/viewer?StudyInstanceUIDs=${a.ct}&hangingprotocolId=mpr`);
  await waitForImage(other, 3);
  step('MPR first render');
  result.mprStats = await waitForStable(other, 3);
  step('MPR volume loaded');
  await other.screenshot({ path: `${a.out}/4-mpr.png` });
  await open(other, `${a.base}/viewer/viewer?StudyInstanceUIDs=${a.dx}`);
  result.dxStats = await waitForImage(other, 1);
  step('DX');
  await other.screenshot({ path: `${a.out}/5-dx.png` });
  await other.close();
  await page.bringToFront();

  // the CT session outlives its first access token: wait until it has expired, then load images it
  // never loaded (the CT's second series; the first one is prefetched completely by now)
  const session = dicomweb.filter((r) => r.page === 'main');
  const first = session.slice(ctFrom).find((r) => r.token);
  result.renewal = { firstToken: first ? first.token : null };
  if (!first) throw new Error('no /dicomweb request of the CT session carried a token');
  await page.waitForFunction((exp) => Date.now() > exp * 1000 + 1000, { polling: 1000, timeout: 300000 }, first.token.exp);
  step('first access token expired');
  const expiredAt = Date.now();
  const before = new Set(dicomweb.filter((r) => r.t < expiredAt).map((r) => r.url));
  const thumbnail = await page.waitForSelector('[data-cy="study-browser-thumbnail"][data-series="2"]');
  await thumbnail.click({ count: 2 });
  await page.waitForFunction(() => /\(1\s*\/\s*150\)/.test(document.body.innerText));
  await scrollTo(page, 100, 150);
  result.afterExpiryStats = await waitForImage(page, 1);
  result.afterExpirySliceText = (await page.evaluate(() => document.body.innerText)).match(/[^\n]*\(100\s*\/\s*150\)[^\n]*/)[0];
  step('CT series 2, slice 100, after expiry');
  await page.screenshot({ path: `${a.out}/6-ct-series-2-after-token-expiry.png` });
  // OHIF keeps prefetching the series in batches: wait until nothing is in flight and no request
  // has started for two seconds (a moment with nothing in flight between two batches is not the end)
  const settleUntil = Date.now() + 60000;
  for (;;) {
    const since = dicomweb.filter((r) => r.page === 'main' && r.t >= expiredAt);
    const pending = since.some((r) => r.status === 0);
    const lastStart = since.reduce((m, r) => Math.max(m, r.t), expiredAt);
    if (Date.now() > settleUntil || (!pending && Date.now() - lastStart > 2000)) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const after = dicomweb.filter((r) => r.page === 'main' && r.t >= expiredAt);
  result.renewal.afterExpiry = {
    requests: after.length,
    newFrames: after.filter((r) => r.url.includes('/frames/') && !before.has(r.url)).length,
    statuses: count(after.map((r) => String(r.status))),
    withFirstToken: after.filter((r) => r.token && r.token.id === first.token.id).length,
    tokenIds: [...new Set(after.map((r) => (r.token ? r.token.id : 'none')))],
  };

  // logout from the header's settings menu: Keycloak's end_session endpoint, back to /viewer/,
  // which (no session any more) shows Keycloak's login page; so does reopening /viewer/
  await logout(page);
  await page.waitForSelector('#username');
  step('logged out');
  result.afterLogoutUrl = page.url();
  await page.goto(a.base + '/viewer/', { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('#username');
  result.reopenedUrl = page.url();
  step('reopened: login page');
  await page.screenshot({ path: `${a.out}/7-logged-out.png` });
} catch (e) {
  await recordError(browser, e, result, a.out);
} finally {
  await browser.close();
}
const tokens = dicomweb.filter((r) => r.token);
result.dicomweb = {
  requests: dicomweb.length,
  withoutBearer: dicomweb.filter((r) => !r.token).map((r) => r.url).slice(0, 20),
  withExpiredToken: tokens.filter((r) => r.t > r.token.exp * 1000).map((r) => r.url).slice(0, 20),
  statuses: count(dicomweb.map((r) => String(r.status))),
};
writeFileSync(`${a.out}/timings.json`, JSON.stringify(result.steps, null, 1));
writeFileSync(`${a.out}/result.json`, JSON.stringify(result, null, 1));
console.log(JSON.stringify(result));

/** Records failures, console errors, /dicomweb requests with their tokens, and Keycloak's endpoints. */
function observe(page, tag) {
  const records = new Map();
  page.on('request', (r) => {
    const url = r.url();
    if (url.startsWith(a.base + '/dicomweb')) {
      const m = /^Bearer (\S+)$/.exec(r.headers().authorization || '');
      const rec = { page: tag, t: Date.now(), url: url.slice(a.base.length), status: 0, token: m ? claims(m[1]) : null };
      records.set(r, rec);
      dicomweb.push(rec);
    } else if (url.startsWith(a.keycloak + '/protocol/openid-connect/logout')) {
      const q = new URL(url).searchParams;
      result.endSession = {
        idTokenHint: q.has('id_token_hint'),
        postLogoutRedirectUri: q.get('post_logout_redirect_uri'),
      };
    } else if (url === a.keycloak + '/protocol/openid-connect/token' && r.method() === 'POST') {
      const grant = new URLSearchParams(r.postData() || '').get('grant_type');
      const rec = { page: tag, t: Date.now(), grant, status: 0 };
      records.set(r, rec);
      result.tokenGrants.push(rec);
    } else if (url === a.keycloak + '/protocol/openid-connect/revoke') {
      const rec = { status: 0 };
      records.set(r, rec);
      result.revocations.push(rec);
    }
  });
  page.on('requestfailed', (r) => {
    const err = r.failure() ? r.failure().errorText : '';
    const rec = records.get(r);
    if (rec && rec.status === 0) rec.status = err.includes('ERR_ABORTED') ? 'aborted' : 'failed';
    if (err.includes('ERR_ABORTED')) result.aborted++;
    else result.failures.push(`${r.method()} ${r.url()} ${err}`);
  });
  page.on('response', async (r) => {
    const rec = records.get(r.request());
    if (rec) {
      rec.status = r.status();
      if (rec.grant && r.ok()) {
        try {
          const body = await r.json();
          rec.expiresIn = body.expires_in;
          rec.refreshToken = Boolean(body.refresh_token);
          rec.accessToken = claims(body.access_token);
        } catch (ignored) {
          // body not available
        }
      }
    }
    if (r.status() >= 400) result.failures.push(`${r.request().method()} ${r.url()} ${r.status()}`);
  });
  page.on('console', (m) => {
    if (m.type() === 'error') result.consoleErrors.push(m.text().slice(0, 300));
  });
  page.on('pageerror', (e) => result.steps.push({ name: 'pageerror: ' + String(e).slice(0, 200), ms: Date.now() - t0 }));
}

/** The claims of a JWT that identify it (never the token itself). */
function claims(jwt) {
  try {
    const p = JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());
    return { id: jwt.slice(-24), iat: p.iat, exp: p.exp, iss: p.iss, user: p.preferred_username };
  } catch (e) {
    return { id: 'unparsable', iat: 0, exp: 0 };
  }
}

function count(values) {
  const c = {};
  for (const v of values) c[v] = (c[v] || 0) + 1;
  return c;
}

/**
 * Opens a viewer URL as a new page load: the viewer sends the browser through Keycloak (its session
 * cookie: no form) to /viewer/callback, exchanges the code for tokens, then goes to the URL. Waits
 * for that exchange and the arrival at the URL.
 */
async function open(page, url) {
  const grants = result.tokenGrants.length;
  const signedIn = () => result.tokenGrants.slice(grants).some((g) => g.grant === 'authorization_code' && g.status > 0);
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  const deadline = Date.now() + 120000;
  while (!signedIn()) {
    if (Date.now() > deadline) throw new Error(`no sign-in through Keycloak after opening ${url}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  await page.waitForFunction((u) => location.href === u, {}, url);
}

/** Opens the settings menu at the right of the viewer's header and chooses "Logout". */
async function logout(page) {
  const triggers = await page.$$('button[aria-haspopup="menu"]');
  let gear = null;
  let right = -1;
  for (const t of triggers) {
    const b = await t.boundingBox();
    if (b && b.y < 60 && b.x > right) {
      right = b.x;
      gear = t;
    }
  }
  if (!gear) throw new Error('no settings menu in the header');
  await gear.click();
  const item = await page.waitForSelector('::-p-xpath(//*[@role="menuitem"][contains(., "Logout")])');
  await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded' }), item.click()]);
}

/**
 * Waits until the reformatted views stop changing (the volume is loaded: no more stripes of
 * missing slices), comparing canvas statistics of consecutive samples; returns the last ones.
 */
async function waitForStable(page, count) {
  let last = await waitForImage(page, count);
  for (let i = 0; i < 120; i++) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = await waitForImage(page, count);
    const same = now.length === last.length && now.every((s, k) => Math.abs(s.mean - last[k].mean) < 0.2);
    if (same) return now;
    last = now;
  }
  return last;
}

/**
 * Waits until `count` viewport canvases show an image (enough non-black pixels with some contrast)
 * and returns their statistics, measured on screenshots of the canvases.
 */
async function waitForImage(page, count) {
  const deadline = Date.now() + 240000;
  let stats = [];
  while (Date.now() < deadline) {
    const canvases = (await page.$$('canvas')).slice(0, 8);
    stats = [];
    for (const c of canvases) {
      const b = await c.boundingBox();
      if (!b || b.width < 100 || b.height < 100) continue;
      const png = await page.screenshot({ clip: b, encoding: 'base64' });
      stats.push(await page.evaluate(async (data) => {
        const img = new Image();
        img.src = 'data:image/png;base64,' + data;
        await img.decode();
        const cv = document.createElement('canvas');
        cv.width = img.width;
        cv.height = img.height;
        const ctx = cv.getContext('2d');
        ctx.drawImage(img, 0, 0);
        const d = ctx.getImageData(0, 0, cv.width, cv.height).data;
        let n = 0, sum = 0, sum2 = 0, lit = 0;
        for (let i = 0; i < d.length; i += 4) {
          const g = (d[i] + d[i + 1] + d[i + 2]) / 3;
          n++; sum += g; sum2 += g * g;
          if (g > 20) lit++;
        }
        const mean = sum / n;
        return { width: cv.width, height: cv.height, mean, std: Math.sqrt(sum2 / n - mean * mean), litFraction: lit / n };
      }, png));
    }
    if (stats.filter((s) => s.litFraction > 0.05 && s.std > 10).length >= count) return stats;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`no ${count} rendered viewport(s): ${JSON.stringify(stats)}`);
}
