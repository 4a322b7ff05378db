// Radflow's result objects in the real OHIF viewer (headless chromium, logged in through Keycloak):
// a CT study with a Segmentation series and a DX study with a Comprehensive SR. Loads each the way a
// radiologist does (double-click the series in the study panel, confirm OHIF's question), then reads
// what the viewer shows: the segmentation panel, the overlay colour at given image pixels (mapped to
// the screen with the viewport's own geometry), the measurements panel and the box drawn on the
// radiograph; then the CT again, freshly loaded, with the body-composition SR: its tracked tissue
// measurements and the muscle outline drawn on the L3 slice. Screenshots go to args.out; one JSON object with the observations is printed for the Java
// test (OhifResultObjectsInteropTest), which makes the assertions.
// usage: node ohif-results.mjs '{"base":..., "user":..., "password":..., "ct":..., "seg":<series description>,
//   "slice":<SOP Instance UID>, "inside":[[x,y],...], "outside":[[x,y],...], "dx":..., "sr":<series description>,
//   "box":[x0,y0,x1,y1], "bodySr":<series description>, "outline":[[x,y],...] (SCOORD), "out":...}'
import { mkdirSync, writeFileSync } from 'node:fs';
import { launch } from './browser.mjs';
import { login, recordError, scrollTo } from './ohif-common.mjs';

const a = JSON.parse(process.argv[2]);
mkdirSync(a.out, { recursive: true });
const result = { failures: [], consoleErrors: [], pageErrors: [], warnings: [], logs: [] };
const browser = await launch();
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1400, height: 900 });
  page.setDefaultTimeout(120000);
  page.on('requestfailed', (r) => {
    const err = r.failure() ? r.failure().errorText : '';
    if (!err.includes('ERR_ABORTED')) result.failures.push(`${r.method()} ${r.url()} ${err}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) result.failures.push(`${r.request().method()} ${r.url()} ${r.status()}`);
  });
  page.on('console', (m) => {
    if (/rehydrat|tracking identifier|not currently supported|SR|Measurement/i.test(m.text())) result.logs.push(`${m.type()}: ${m.text().slice(0, 300)}`);
    if (m.type() === 'error') result.consoleErrors.push(m.text().slice(0, 600));
    if (m.type() === 'warn') result.warnings.push(m.text().slice(0, 300));
  });
  page.on('pageerror', (e) => result.pageErrors.push(String(e).slice(0, 300)));
  // a radiologist who has seen OHIF's guided tour: its overlay, which comes up at an unpredictable
  // moment of the first visit, would swallow the double-clicks (OHIF remembers it in localStorage)
  await page.evaluateOnNewDocument(() => localStorage.setItem('shownTours', JSON.stringify(['basicViewerTour'])));
  // rejected promises (OHIF's SR loader fails that way) as console errors, with their stack
  await page.evaluateOnNewDocument(() => window.addEventListener('unhandledrejection',
    (e) => console.error(`unhandled rejection: ${e.reason && e.reason.stack ? e.reason.stack : e.reason}`)));

  await page.goto(a.base + '/viewer/', { waitUntil: 'domcontentloaded' });
  await login(page, a.user, a.password);

  // the CT: double-click the SEG series, answer "Yes" to OHIF's question
  await openStudy(page, a.ct);
  result.segPrompt = await loadSeries(page, a.seg, 'Do you want to open this Segmentation?');
  await page.click('[data-cy="panelSegmentation-btn"]');
  const row = await page.waitForSelector('[data-cy="data-row"]');
  result.segmentRow = await row.evaluate((e) => e.innerText);
  result.segmentColour = await row.$eval('[data-cy="data-row-colorhex"]', (e) => getComputedStyle(e).backgroundColor);
  result.ctText = await page.evaluate(() => document.body.innerText);
  const total = await page.evaluate(() => cornerstone.getEnabledElements()[0].viewport.getImageIds().length);
  const n = 1 + (await page.evaluate(
    (uid) => cornerstone.getEnabledElements()[0].viewport.getImageIds().findIndex((id) => id.includes(`/instances/${uid}/`)),
    a.slice));
  await scrollTo(page, n, total);
  result.sliceText = (await page.evaluate(() => document.body.innerText)).match(/[^\n]*\(\d+\s*\/\s*\d+\)[^\n]*/)[0];
  await settle(page);
  const ctShot = `${a.out}/1-ct-seg.png`;
  await page.screenshot({ path: ctShot });
  result.inside = await sample(page, ctShot, await toPage(page, a.slice, a.inside), 0);
  result.outside = await sample(page, ctShot, await toPage(page, a.slice, a.outside), 0);

  // the DX: double-click the SR series, answer "Yes" (track its measurements)
  await openStudy(page, a.dx);
  result.srPrompt = await loadSeries(page, a.sr, 'Do you want to continue tracking measurements for this study?');
  await page.click('[data-cy="trackedMeasurements-btn"]');
  await page.waitForSelector('[data-cy="data-row"]');
  result.measurementRows = await page.$$eval('[data-cy="data-row"]', (rows) => rows.map((r) => r.innerText));
  result.dxText = await page.evaluate(() => document.body.innerText);
  await settle(page);
  const dxShot = `${a.out}/2-dx-sr.png`;
  await page.screenshot({ path: dxShot });
  const [x0, y0, x1, y1] = a.box;
  const xm = (x0 + x1) / 2;
  const ym = (y0 + y1) / 2;
  const dxUid = await page.evaluate(() => /\/instances\/([^/]+)\//.exec(cornerstone.getEnabledElements()[0].viewport.getCurrentImageId())[1]);
  // the middle of each edge (widest screen pixel near it: lines are one or two pixels wide), and the centre
  result.boxEdges = await sample(page, dxShot, await toPage(page, dxUid, [[xm, y0], [x1, ym], [xm, y1], [x0, ym]]), 2);
  result.boxCentre = await sample(page, dxShot, await toPage(page, dxUid, [[xm, ym]]), 0);

  // the CT again, freshly loaded (not replacing the SEG in the same viewport): double-click the
  // body-composition SR, answer "Yes"; its outline groups become tracked measurements on the L3 slice
  await openStudy(page, a.ct);
  try {
    result.bodyPrompt = await loadSeries(page, a.bodySr, 'Do you want to continue tracking measurements for this study?', 30000);
  } catch (e) {
    // the full report gave no prompt (OHIF 3.13 cannot load an SR with groups without coordinates):
    // record it, open the outlines alone (their own series)
    result.bodyError = String(e).slice(0, 300);
    await page.screenshot({ path: `${a.out}/3-ct-body-sr-full.png` });
    await openStudy(page, a.ct);
    result.bodyPrompt = await loadSeries(page, a.outlinesSr, 'Do you want to continue tracking measurements for this study?', 30000);
    result.bodyVariant = 'outlines only';
  }
  await page.click('[data-cy="trackedMeasurements-btn"]');
  await page.waitForSelector('[data-cy="data-row"]');
  result.bodyRows = await page.$$eval('[data-cy="data-row"]', (rows) => rows.map((r) => r.innerText));
  result.bodyText = await page.evaluate(() => document.body.innerText);
  await settle(page);
  const shown = () => page.evaluate(() => /\/instances\/([^/]+)\//.exec(cornerstone.getEnabledElements()[0].viewport.getCurrentImageId())[1]);
  result.bodySliceUid = await shown();
  if (result.bodySliceUid !== a.slice) {
    // not on L3: go there (the outline is drawn on that image only)
    const ids = await page.evaluate(() => cornerstone.getEnabledElements()[0].viewport.getImageIds());
    await scrollTo(page, 1 + ids.findIndex((id) => id.includes(`/instances/${a.slice}/`)), ids.length);
    await settle(page);
  }
  const bodyShot = `${a.out}/3-ct-body-sr.png`;
  await page.screenshot({ path: bodyShot });
  result.annotations = await page.evaluate(() => {
    const all = cornerstone.getEnabledElements()[0] && window.cornerstoneTools
      ? window.cornerstoneTools.annotation.state.getAllAnnotations() : [];
    return all.map((x) => `${x.metadata.toolName} ${x.data && x.data.contour ? x.data.contour.polyline.length : '-'}`);
  }).catch((e) => [String(e)]);
  // SCOORD points are pixel-edge coordinates already (no half-pixel shift)
  result.outline = await sample(page, bodyShot, await toPage(page, a.slice, a.outline, 0), 2);
  result.bodyInside = await sample(page, bodyShot, await toPage(page, a.slice, a.inside), 0);
} catch (e) {
  await recordError(browser, e, result, a.out);
} finally {
  await browser.close();
}
writeFileSync(`${a.out}/result.json`, JSON.stringify(result, null, 1));
console.log(JSON.stringify(result));

/** Opens a study in the viewer (a page load: signs in again through Keycloak's session, no form). */
async function openStudy(page, study) {
  await page.goto(`${a.base}/viewer/viewer?StudyInstanceUIDs=${study}`, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('[data-cy="study-browser-thumbnail"]');
}

/** Double-clicks the series named `description` in the study panel and answers "Yes" to `question`. */
async function loadSeries(page, description, question, timeout = 120000) {
  const series = await page.waitForSelector(`::-p-xpath(//*[@data-cy="series-description-label"][normalize-space()="${description}"])`);
  await series.click({ count: 2 });
  await page.waitForFunction((q) => document.body.innerText.includes(q), { timeout }, question);
  const prompt = await page.evaluate(() => document.body.innerText);
  const yes = await page.waitForSelector('::-p-xpath(//button[normalize-space()="Yes"])');
  await yes.click();
  await page.waitForFunction((q) => !document.body.innerText.includes(q), {}, question);
  return prompt.includes(question) ? question : prompt;
}

/** Waits until the viewport shows the same picture twice in a row, 300 ms apart (rendering is done). */
async function settle(page) {
  const canvas = await page.$('canvas');
  const clip = await canvas.boundingBox();
  const deadline = Date.now() + 60000;
  let last = null;
  for (;;) {
    const now = await page.screenshot({ clip, encoding: 'base64' });
    if (now === last) return;
    if (Date.now() > deadline) throw new Error('the viewport kept changing for 60 s');
    last = now;
    await new Promise((r) => setTimeout(r, 300));
  }
}

/**
 * Page coordinates of image pixels (column, row; the pixel's centre) of the image `uid` shown in the
 * first viewport, through the viewport's own image-to-world-to-canvas mapping.
 */
async function toPage(page, uid, points, offset = 0.5) {
  return page.evaluate((uid, points, offset) => {
    const vp = cornerstone.getEnabledElements()[0].viewport;
    const imageId = vp.getCurrentImageId();
    if (!imageId.includes(`/instances/${uid}/`)) throw new Error(`image ${uid} not shown: ${imageId}`);
    const rect = vp.canvas.getBoundingClientRect();
    return points.map(([x, y]) => {
      const world = cornerstone.utilities.imageToWorldCoords(imageId, [x + offset, y + offset]);
      const [cx, cy] = vp.worldToCanvas(world);
      return [Math.round(rect.left + cx), Math.round(rect.top + cy)];
    });
  }, uid, points, offset);
}

/**
 * The colours [r, g, b] of a screenshot at page points; with `radius` > 0, the most saturated pixel
 * within that many pixels (to hit a thin line).
 */
async function sample(page, png, points, radius) {
  const { readFileSync } = await import('node:fs');
  const data = readFileSync(png).toString('base64');
  return page.evaluate(async (data, points, radius) => {
    const img = new Image();
    img.src = 'data:image/png;base64,' + data;
    await img.decode();
    const cv = document.createElement('canvas');
    cv.width = img.width;
    cv.height = img.height;
    const ctx = cv.getContext('2d', { willReadFrequently: true });
    ctx.drawImage(img, 0, 0);
    return points.map(([x, y]) => {
      let best = null;
      for (let dy = -radius; dy <= radius; dy++) {
        for (let dx = -radius; dx <= radius; dx++) {
          const d = ctx.getImageData(x + dx, y + dy, 1, 1).data;
          const c = [d[0], d[1], d[2]];
          const sat = Math.max(...c) - Math.min(...c);
          if (!best || sat > best.sat) best = { c, sat };
        }
      }
      return best.c;
    });
  }, data, points, radius);
}
