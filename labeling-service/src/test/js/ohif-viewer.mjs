// Drives the real OHIF viewer served by the labeling-service at /viewer/ in headless chromium:
// study list, a 300-slice CT (render, scroll to slice 150), the MPR layout, a DX. Screenshots go to
// args.out; one JSON object with the observations is printed for the Java test (OhifViewerInteropTest).
// usage: node ohif-viewer.mjs '{"base":..., "ct":..., "ctDescription":..., "dx":..., "out":...}'
import { mkdirSync, writeFileSync } from 'node:fs';
import { launch } from './browser.mjs';

const a = JSON.parse(process.argv[2]);
mkdirSync(a.out, { recursive: true });
const result = { failures: [], aborted: 0, steps: [] };
const t0 = Date.now();
const step = (name) => result.steps.push({ name, ms: Date.now() - t0 });
const browser = await launch();
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1400, height: 900 });
  page.setDefaultTimeout(180000);
  page.on('requestfailed', (r) => {
    const err = r.failure() ? r.failure().errorText : '';
    if (err.includes('ERR_ABORTED')) result.aborted++;
    else result.failures.push(`${r.method()} ${r.url()} ${err}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) result.failures.push(`${r.request().method()} ${r.url()} ${r.status()}`);
  });
  page.on('pageerror', (e) => result.steps.push({ name: 'pageerror: ' + String(e).slice(0, 200), ms: Date.now() - t0 }));

  // study list
  await page.goto(a.base + '/viewer/', { waitUntil: 'domcontentloaded' });
  await page.waitForFunction((d) => document.body.innerText.includes(d), {}, a.ctDescription);
  step('study list');
  result.studyList = await page.evaluate(() => document.body.innerText);
  result.crossOriginIsolated = await page.evaluate(() => self.crossOriginIsolated);
  await page.screenshot({ path: `${a.out}/1-study-list.png` });

  // the CT
  await page.goto(`${a.base}/viewer/viewer?StudyInstanceUIDs=${a.ct}`, { waitUntil: 'domcontentloaded' });
  result.ctStats = await waitForImage(page, 1);
  step('CT first image');
  await page.screenshot({ path: `${a.out}/2-ct.png` });
  const canvas = await page.$('canvas');
  const box = await canvas.boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 1; i < 150; i++) {
    await page.keyboard.press('ArrowDown');
  }
  await page.waitForFunction(() => /\b150\s*\/\s*300\b/.test(document.body.innerText));
  result.sliceText = (await page.evaluate(() => document.body.innerText)).match(/[^\n]*150\s*\/\s*300[^\n]*/)[0];
  result.sliceStats = await waitForImage(page, 1);
  step('CT slice 150');
  await page.screenshot({ path: `${a.out}/3-ct-slice-150.png` });

  // MPR
  await page.goto(`${a.base}/viewer/viewer?StudyInstanceUIDs=${a.ct}&hangingprotocolId=mpr`, { waitUntil: 'domcontentloaded' });
  await waitForImage(page, 3);
  step('MPR first render');
  result.mprStats = await waitForStable(page, 3);
  step('MPR volume loaded');
  await page.screenshot({ path: `${a.out}/4-mpr.png` });

  // the DX
  await page.goto(`${a.base}/viewer/viewer?StudyInstanceUIDs=${a.dx}`, { waitUntil: 'domcontentloaded' });
  result.dxStats = await waitForImage(page, 1);
  step('DX');
  await page.screenshot({ path: `${a.out}/5-dx.png` });
} catch (e) {
  result.error = String(e && e.stack ? e.stack : e);
  try {
    const pages = await browser.pages();
    await pages[pages.length - 1].screenshot({ path: `${a.out}/error.png` });
    result.errorPageText = (await pages[pages.length - 1].evaluate(() => document.body.innerText)).slice(0, 2000);
  } catch (ignored) {
    // the page is gone
  }
} finally {
  await browser.close();
}
writeFileSync(`${a.out}/timings.json`, JSON.stringify(result.steps, null, 1));
console.log(JSON.stringify(result));

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
