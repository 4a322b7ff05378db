// Times the real OHIF viewer in headless Debian chromium against several DICOMweb servers, in turn,
// in one browser: time to the study list and time to the first CT image, for a user who is already
// logged in. Run by bin/dicomweb-benchmark (copied next to puppeteer-core in target/js-test).
//
// Per run and target, in a fresh browser context (empty cache, no cookies):
//   1. untimed: open the viewer; for a target with "login", the viewer sends the browser to
//      Keycloak's login page, where the user's name and password are typed; wait for the study list;
//      then open the viewer route once for a study that does not exist; so all of the viewer's
//      bundles (also the viewer route's lazy ones) are in the browser cache and the Keycloak session
//      is set, as for a radiologist who already has the viewer open, and nothing of the timed study is;
//   2. timed "study list": navigate to VIEWER/ and wait until the study's description is shown;
//   3. timed "first image": navigate to VIEWER/viewer?StudyInstanceUIDs=STUDY and wait until a
//      viewport canvas shows an image (more than 5 % of pixels lit, some contrast).
// A timed page load of a viewer with a login goes through Keycloak as a logged-in user's does (the
// viewer signs in again with Keycloak's session cookie, no form, then loads the page asked for), so
// times are measured from the moment the navigation is started (this process's clock) to the moment
// the page sees the result (the page's Date.now(), the same clock), polled every 20 ms. The order of
// targets alternates between runs.
// usage: node ohif-timing.mjs '{"targets":[{"name":..,"viewer":"http://127.0.0.1:PORT/viewer",
//          "login":{"user":..,"password":..}}, ...], "study":..,"description": text of the study list
//          row (accession number),"runs":5,"out":DIR}'
import { mkdirSync, writeFileSync } from 'node:fs';
import { launch } from './browser.mjs';
import { canvasShowsImage } from './canvas-image.mjs';

const a = JSON.parse(process.argv[2]);
mkdirSync(a.out, { recursive: true });
const results = Object.fromEntries(a.targets.map((t) => [t.name, { studyList: [], firstImage: [], fromList: [], failures: [] }]));
const browser = await launch();
try {
  for (let run = 0; run < a.runs; run++) {
    const order = run % 2 === 0 ? a.targets : [...a.targets].reverse();
    for (const t of order) {
      const r = await once(t, run);
      const l = await fromList(t);
      results[t.name].studyList.push(r.studyList);
      results[t.name].firstImage.push(r.firstImage);
      results[t.name].fromList.push(l.fromList);
      results[t.name].failures.push(...r.failures, ...l.failures);
      (results[t.name].runs ??= []).push({
        navigations: r.navigations, requests: r.requests, staticFromNetwork: r.staticFromNetwork,
        requestsFromList: l.requests,
      });
      console.error(`run ${run + 1} ${t.name}: study list ${r.studyList.toFixed(0)} ms, first image ${r.firstImage.toFixed(0)} ms,`
        + ` first image from the list ${l.fromList.toFixed(0)} ms`);
    }
  }
} finally {
  await browser.close();
}
const median = (xs) => {
  const s = [...xs].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
for (const r of Object.values(results)) {
  r.studyListMedian = median(r.studyList);
  r.firstImageMedian = median(r.firstImage);
  r.fromListMedian = median(r.fromList);
}
writeFileSync(`${a.out}/ohif-timings.json`, JSON.stringify(results, null, 1));
console.log(JSON.stringify(results));

/**
 * A fresh browser context with a page that records failed requests and top-level navigations, and
 * the untimed step: the viewer loaded once, logged in; then its viewer route once, for a study that does
 * not exist, so that the route's code (lazy bundles) is in the browser cache as well, but none of the
 * timed study's data.
 */
async function prepared(t) {
  const context = await browser.createBrowserContext();
  const failures = [];
  const page = await context.newPage();
  await page.setViewport({ width: 1400, height: 900 });
  page.setDefaultTimeout(120000);
  page.on('requestfailed', (r) => {
    const err = r.failure() ? r.failure().errorText : '';
    if (!err.includes('ERR_ABORTED')) failures.push(`${r.method()} ${r.url()} ${err}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) failures.push(`${r.request().method()} ${r.url()} ${r.status()}`);
  });
  // top-level navigations (the viewer, Keycloak, the sign-in callback), on this process's clock
  const navigations = [];
  page.on('framenavigated', (f) => {
    if (f === page.mainFrame()) navigations.push({ t: Date.now(), url: f.url() });
  });
  await page.goto(t.viewer + '/', { waitUntil: 'domcontentloaded' });
  if (t.login) await login(page, t.login);
  await waitForText(page, a.description);
  await page.goto(`${t.viewer}/viewer?StudyInstanceUIDs=1.2.826.0.1.3680043.10.999.1`, { waitUntil: 'domcontentloaded' });
  await page.waitForNetworkIdle({ idleTime: 1000, timeout: 30000 }).catch(() => {}); // bounded: untimed
  failures.length = 0; // the missing study's 404s are expected
  await page.goto('about:blank');
  return { context, page, failures, navigations };
}

/**
 * In a browser context of its own (nothing of the study cached): the study list (a page load, untimed),
 * the study's row selected (untimed), then timed from the click on "Basic Viewer" (no page load: the
 * viewer's own navigation, as a radiologist opens a study from the list) to the first CT image.
 */
async function fromList(t) {
  const { context, page, failures, navigations } = await prepared(t);
  try {
    await page.goto(t.viewer + '/', { waitUntil: 'domcontentloaded' });
    await waitForText(page, a.description);
    const [row] = await page.$$(`::-p-text(${a.description})`);
    await row.click();
    const open = await page.waitForSelector('::-p-xpath(//button[normalize-space()="Basic Viewer"])');
    await page.waitForNetworkIdle({ idleTime: 500, timeout: 30000 }).catch(() => {}); // preview loaded
    const from = navigations.length;
    const t0 = Date.now();
    await open.click();
    const shown = await waitForImage(page);
    const fromList = shown - t0;
    const { requests } = await trace(page, t0, shown);
    const loads = navigations.slice(from).filter((n) => !n.url.includes('/viewer/viewer'));
    if (loads.length) failures.push(`opening from the list left the viewer: ${loads.map((n) => n.url).join(', ')}`);
    return { fromList, failures, requests };
  } finally {
    await context.close();
  }
}

async function once(t, run) {
  const { context, page, failures, navigations } = await prepared(t);
  try {
    // 2. study list
    let t0 = Date.now();
    await page.goto(t.viewer + '/', { waitUntil: 'domcontentloaded' });
    const studyList = (await waitForText(page, a.description)) - t0;
    // 3. first CT image
    t0 = Date.now();
    const from = navigations.length;
    await page.goto(`${t.viewer}/viewer?StudyInstanceUIDs=${a.study}`, { waitUntil: 'domcontentloaded' });
    const shown = await waitForImage(page);
    const firstImage = shown - t0;
    if (run === 0) {
      await page.screenshot({ path: `${a.out}/first-image-${t.name.replace(/[^A-Za-z0-9]+/g, '-')}.png` });
    }
    const { requests, staticFromNetwork } = await trace(page, t0, shown);
    const path = navigations.slice(from).map((n) => `${n.t - t0} ms ${n.url.replace(/[?#].*$/, '')}`);
    return { studyList, firstImage, failures, requests, navigations: path, staticFromNetwork };
  } finally {
    await context.close();
  }
}

/** The login step, not timed: fills Keycloak's login form, to which the viewer sent the browser. */
async function login(page, user) {
  await page.waitForSelector('#username', { timeout: 60000 });
  await page.type('#username', user.user);
  await page.type('#password', user.password);
  await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded' }), page.click('#kc-login')]);
}

/**
 * The DICOMweb requests the viewer made before its first image (resource timing of the page that showed
 * it), in ms from `start` (this process's clock); the viewer's own files that came from the network
 * rather than the browser cache.
 */
async function trace(page, start, shown) {
  return page.evaluate((start, until) => {
    const short = (u) => (u.length > 170 ? `${u.slice(0, 60)}…${u.slice(-109)}` : u);
    const all = performance.getEntriesByType('resource')
      .map((e) => ({ e, s: performance.timeOrigin + e.startTime - start, r: performance.timeOrigin + e.responseEnd - start }));
    return {
      requests: all.filter(({ e, s }) => /\/dicom-?web\//.test(e.name) && s >= 0 && s <= until - start)
        .map(({ e, s, r }) => `${s.toFixed(0)}-${r.toFixed(0)} ms ${short(e.name.replace(/^https?:\/\/[^/]+/, ''))}`),
      staticFromNetwork: all.filter(({ e, s }) => /\/viewer\//.test(e.name) && s >= 0 && e.transferSize > 0)
        .map(({ e }) => `${e.name.replace(/^https?:\/\/[^/]+/, '')} ${e.transferSize} B`),
    };
  }, start, shown);
}

/** Date.now() when the page's text first contains `text`. */
async function waitForText(page, text) {
  const h = await page.waitForFunction(
    (s) => (document.body && document.body.innerText.includes(s) ? Date.now() : false),
    { polling: 20 },
    text,
  );
  return h.jsonValue();
}

/**
 * Date.now() when a viewport canvas (at least 100 px) first shows an image: drawn scaled
 * down to 64x64, more than 5 % of the pixels brighter than 20 and a standard deviation above 10.
 */
async function waitForImage(page) {
  const h = await page.waitForFunction(canvasShowsImage, { polling: 20 });
  return h.jsonValue();
}
