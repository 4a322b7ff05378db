// Times, in one headless chromium (Debian's, through playwright-core), on the same labeling service:
//   - the first CT image of a series in OHIF (/viewer/viewer?StudyInstanceUIDs=…) and in the labeling
//     web app (/label/#/label/{study}/{series}), for a user who is logged in and has the app's files
//     in the browser cache (each run a fresh browser context: login and one untimed visit of each
//     app's study list first), and the same with the browser cache emptied before the timed page
//     load (a user who is logged in but whose browser has none of the app's files); RUNS runs, the
//     order alternating;
//   - the back projection round trip in the app (rectangle released → mask shown, the app's own
//     measurement in its status line) on a warm server: BP_RUNS rectangles on one slice, the first
//     not counted.
// Times are from the start of the navigation (this process's clock) to the page's Date.now() when a
// canvas shows an image (more than 5 % of pixels lit, some contrast), polled every 20 ms.
// usage: BASE=http://127.0.0.1:8080 STUDY=… SERIES=… SAMPLE=x,y,w,h [RUNS=5] [BP_RUNS=16] node first-image.mjs
import { chromium } from 'playwright-core';
import { canvasShowsImage } from '../../../../bench/canvas-image.mjs';

const BASE = process.env.BASE || 'http://127.0.0.1:8080';
const STUDY = process.env.STUDY;
const SERIES = process.env.SERIES;
const SAMPLE = (process.env.SAMPLE || '').split(',').map(Number);
const RUNS = Number(process.env.RUNS || 5);
const BP_RUNS = Number(process.env.BP_RUNS || 16);
const USER = process.env.BENCH_USER || 'annotator';

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-dev-shm-usage', '--enable-unsafe-swiftshader', '--use-angle=swiftshader', '--disable-background-networking', '--no-first-run'],
});

async function imageShown(page) {
  const h = await page.waitForFunction(canvasShowsImage, null, { polling: 20, timeout: 120000 });
  return h.jsonValue();
}

async function loginIfAsked(page) {
  if (await page.locator('#username').count()) {
    await page.fill('#username', USER);
    await page.fill('#password', USER);
    await page.click('#kc-login');
  }
}

/** A fresh context, logged in to both apps, both study lists visited once (untimed). */
async function prepared() {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(120000);
  await page.goto(`${BASE}/label/`);
  await page.waitForSelector('#username, body[data-ready]');
  await loginIfAsked(page);
  await page.waitForSelector('body[data-ready="studies"]');
  await page.goto(`${BASE}/viewer/`);
  // Keycloak's page (a first login to OHIF's client) or, with the session, OHIF's study list
  const list = page.getByText(process.env.DESCRIPTION || 'Abdomen').first();
  await page.locator('#username').or(list).first().waitFor({ timeout: 120000 });
  await loginIfAsked(page);
  await list.waitFor({ timeout: 120000 }).catch(() => {});
  await page.goto('about:blank');
  return { context, page };
}

async function timed(page, url) {
  const t0 = Date.now();
  await page.goto(url, { waitUntil: 'commit' });
  return (await imageShown(page)) - t0;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const result = { ohif: [], app: [], ohifCold: [], appCold: [], backProjection: [], backProjectionRequest: [] };
try {
  for (let run = 0; run < RUNS; run++) {
    const order = run % 2 ? ['app', 'ohif'] : ['ohif', 'app'];
    for (const which of order) {
      for (const cold of [false, true]) {
        const { context, page } = await prepared();
        if (cold) {
          // logged in (Keycloak's session, the tab's tokens), but nothing in the browser's cache
          const cdp = await context.newCDPSession(page);
          await cdp.send('Network.clearBrowserCache');
        }
        const url = which === 'ohif' ? `${BASE}/viewer/viewer?StudyInstanceUIDs=${STUDY}` : `${BASE}/label/#/label/${STUDY}/${SERIES}`;
        const ms = await timed(page, url);
        result[which + (cold ? 'Cold' : '')].push(ms);
        console.error(`run ${run + 1} ${which}${cold ? ' (empty browser cache)' : ''}: first image ${ms} ms`);
        await context.close();
      }
    }
  }
  if (SAMPLE.length === 4) {
    const { context, page } = await prepared();
    await page.goto(`${BASE}/label/#/label/${STUDY}/${SERIES}`);
    await page.waitForSelector('#view-status[data-slice]');
    await imageShown(page);
    const [rows, cols] = await page.evaluate(() => [Number(document.body.dataset.rows), Number(document.body.dataset.columns)]);
    const box = await page.locator('#viewport').boundingBox();
    const scale = Math.min(box.width / cols, box.height / rows);
    const at = (x, y) => ({ x: box.x + (box.width - cols * scale) / 2 + x * scale, y: box.y + (box.height - rows * scale) / 2 + y * scale });
    await page.locator('#viewport').focus();
    await page.keyboard.press('h');
    for (let i = 0; i < BP_RUNS; i++) {
      const a = at(SAMPLE[0], SAMPLE[1]);
      const b = at(SAMPLE[0] + SAMPLE[2], SAMPLE[1] + SAMPLE[3]);
      await page.mouse.move(a.x, a.y);
      await page.mouse.down();
      await page.mouse.move(b.x, b.y, { steps: 4 });
      const before = await page.getAttribute('#view-status', 'data-tool-runs');
      await page.mouse.up();
      await page.waitForFunction((b) => document.querySelector('#view-status').dataset.toolRuns !== b, before);
      if (i > 0) {
        result.backProjection.push(Number(await page.getAttribute('#view-status', 'data-last-tool-ms')));
        result.backProjectionRequest.push(Number(await page.getAttribute('#view-status', 'data-last-tool-request-ms')));
      }
      await page.keyboard.press('Control+z');
    }
    await context.close();
  }
} finally {
  await browser.close();
}
result.ohifMedian = median(result.ohif);
result.appMedian = median(result.app);
result.ratio = result.ohifMedian / result.appMedian;
result.ohifColdMedian = median(result.ohifCold);
result.appColdMedian = median(result.appCold);
result.coldRatio = result.ohifColdMedian / result.appColdMedian;
result.backProjectionMedian = result.backProjection.length ? median(result.backProjection) : null;
result.backProjectionRequestMedian = result.backProjectionRequest.length ? median(result.backProjectionRequest) : null;
result.backProjectionP90 = result.backProjection.length ? [...result.backProjection].sort((a, b) => a - b)[Math.floor(result.backProjection.length * 0.9)] : null;
console.log(JSON.stringify(result));
