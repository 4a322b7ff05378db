// Times the real OHIF viewer in headless Debian chromium against several DICOMweb servers, in turn,
// in one browser: time to the study list and time to the first CT image, for a user who is already
// logged in. Run by bin/dicomweb-benchmark (copied next to puppeteer-core in target/js-test).
//
// Per run and target, in a fresh browser context (empty cache, no cookies):
//   1. untimed: open the viewer (log in when the viewer sends to Keycloak), wait for the study list;
//      so the viewer's bundles are in the browser cache and the session is set, as for a
//      radiologist who already has the viewer open;
//   2. timed "study list": navigate to VIEWER/ and wait until the study's description is shown;
//   3. timed "first image": navigate to VIEWER/viewer?StudyInstanceUIDs=STUDY and wait until a
//      viewport canvas shows an image (more than 5 % of pixels lit, some contrast).
// Times are the page's own clock (performance.now(), from the navigation's start), polled every
// 20 ms. The order of targets alternates between runs.
// usage: node ohif-timing.mjs '{"targets":[{"name":..,"viewer":"http://127.0.0.1:PORT/viewer","authorization":"Bearer .."}],
//        "study":..,"description": text of the study list row (accession number),"runs":5,"out":DIR,"login":{"user":..,"password":..}}'
import { mkdirSync, writeFileSync } from 'node:fs';
import { launch } from './browser.mjs';

const a = JSON.parse(process.argv[2]);
mkdirSync(a.out, { recursive: true });
const results = Object.fromEntries(a.targets.map((t) => [t.name, { studyList: [], firstImage: [], failures: [] }]));
const browser = await launch();
try {
  for (let run = 0; run < a.runs; run++) {
    const order = run % 2 === 0 ? a.targets : [...a.targets].reverse();
    for (const t of order) {
      const r = await once(t, run);
      results[t.name].studyList.push(r.studyList);
      results[t.name].firstImage.push(r.firstImage);
      results[t.name].failures.push(...r.failures);
      if (r.requests) results[t.name].requestsBeforeFirstImage = r.requests;
      console.error(`run ${run + 1} ${t.name}: study list ${r.studyList.toFixed(0)} ms, first image ${r.firstImage.toFixed(0)} ms`);
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
}
writeFileSync(`${a.out}/ohif-timings.json`, JSON.stringify(results, null, 1));
console.log(JSON.stringify(results));

async function once(t, run) {
  const context = await browser.createBrowserContext();
  const failures = [];
  try {
    const page = await context.newPage();
    await page.setViewport({ width: 1400, height: 900 });
    page.setDefaultTimeout(120000);
    if (t.authorization) {
      // a logged-in viewer sends its bearer token with every request
      await page.setExtraHTTPHeaders({ Authorization: t.authorization });
    }
    page.on('requestfailed', (r) => {
      const err = r.failure() ? r.failure().errorText : '';
      if (!err.includes('ERR_ABORTED')) failures.push(`${r.method()} ${r.url()} ${err}`);
    });
    page.on('response', (r) => {
      if (r.status() >= 400) failures.push(`${r.request().method()} ${r.url()} ${r.status()}`);
    });
    // 1. untimed: the viewer loaded once, logged in
    await page.goto(t.viewer + '/', { waitUntil: 'domcontentloaded' });
    await login(page);
    await waitForText(page, a.description);
    await page.goto('about:blank');
    // 2. study list
    await page.goto(t.viewer + '/', { waitUntil: 'domcontentloaded' });
    const studyList = await waitForText(page, a.description);
    // 3. first CT image
    await page.goto(`${t.viewer}/viewer?StudyInstanceUIDs=${a.study}`, { waitUntil: 'domcontentloaded' });
    const firstImage = await waitForImage(page);
    let requests;
    if (run === 0) {
      await page.screenshot({ path: `${a.out}/first-image-${t.name.replace(/[^A-Za-z0-9]+/g, '-')}.png` });
      // the DICOMweb requests the viewer made before its first image (resource timing, page clock)
      requests = await page.evaluate((until) => performance.getEntriesByType('resource')
        .filter((e) => /\/dicom-?web\//.test(e.name) && e.startTime <= until)
        .map((e) => `${e.startTime.toFixed(0)}-${e.responseEnd.toFixed(0)} ms ${e.name.replace(/^https?:\/\/[^/]+/, '').slice(0, 160)}`), firstImage);
    }
    return { studyList, firstImage, failures, requests };
  } finally {
    await context.close();
  }
}

/**
 * The login step, not timed: when the viewer sends the browser to Keycloak (branch viewer-login),
 * fills its form with a.login; without a.login, or when no login page appears, nothing to do.
 */
async function login(page) {
  if (!a.login) return;
  const form = await page
    .waitForSelector('#kc-form-login, #username', { timeout: 15000 })
    .catch(() => null);
  if (!form) return;
  await page.type('#username', a.login.user);
  await page.type('#password', a.login.password);
  await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded' }), page.click('#kc-login')]);
}

/** performance.now() when the page's text first contains `text`. */
async function waitForText(page, text) {
  const h = await page.waitForFunction(
    (s) => (document.body && document.body.innerText.includes(s) ? performance.now() : false),
    { polling: 20 },
    text,
  );
  return h.jsonValue();
}

/**
 * performance.now() when a viewport canvas (at least 100 px) first shows an image: drawn scaled
 * down to 64x64, more than 5 % of the pixels brighter than 20 and a standard deviation above 10.
 */
async function waitForImage(page) {
  const h = await page.waitForFunction(
    () => {
      const small = document.createElement('canvas');
      small.width = small.height = 64;
      const ctx = small.getContext('2d', { willReadFrequently: true });
      for (const c of document.querySelectorAll('canvas')) {
        if (c.width < 100 || c.height < 100) continue;
        ctx.clearRect(0, 0, 64, 64);
        ctx.drawImage(c, 0, 0, 64, 64);
        const d = ctx.getImageData(0, 0, 64, 64).data;
        let n = 0, sum = 0, sum2 = 0, lit = 0;
        for (let i = 0; i < d.length; i += 4) {
          const g = (d[i] + d[i + 1] + d[i + 2]) / 3;
          n++; sum += g; sum2 += g * g;
          if (g > 20) lit++;
        }
        const mean = sum / n;
        if (lit / n > 0.05 && Math.sqrt(sum2 / n - mean * mean) > 10) return performance.now();
      }
      return false;
    },
    { polling: 20 },
  );
  return h.jsonValue();
}
