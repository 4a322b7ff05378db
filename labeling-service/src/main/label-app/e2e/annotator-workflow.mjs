// The annotator's whole workflow in a real browser (issue 21's end-to-end test), driven by
// quantification-service's LabelAppWorkflowIT, which starts the stack, writes the study and checks
// results.json against the study's ground truth. Inputs from the environment (see below).
import { check, env, login, run } from './lib.mjs';

const BASE = env('BASE');
const OUT = env('OUT');
const STUDY_DIR = env('STUDY_DIR');
const PATIENT_ID = env('PATIENT_ID');
const SERIES = env('SERIES');
const L3 = Number(env('L3_INDEX'));
const EDIT = Number(env('EDIT_INDEX'));
const SAMPLE = env('SAMPLE').split(',').map(Number); // x,y,w,h in image pixels on slice EDIT
const GRABCUT = env('GRABCUT').split(',').map(Number);
const BRUSH = env('BRUSH').split(',').map(Number); // x0,y0,x1,y1
const HEIGHT = env('HEIGHT_M');
const WEIGHT = env('WEIGHT_KG');
const AI_TIMEOUT = Number(env('AI_TIMEOUT_MS', '240000'));

/** Image pixel → page coordinates (the stack viewport fits the image, centred, after a reset). */
async function toPage(page, x, y) {
  const box = await page.locator('#viewport').boundingBox();
  const [rows, cols] = await page.evaluate(() => [Number(document.body.dataset.rows), Number(document.body.dataset.columns)]);
  const scale = Math.min(box.width / cols, box.height / rows);
  return { x: box.x + (box.width - cols * scale) / 2 + x * scale, y: box.y + (box.height - rows * scale) / 2 + y * scale };
}

async function drag(page, from, to) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  for (let i = 1; i <= 8; i++) {
    await page.mouse.move(from.x + ((to.x - from.x) * i) / 8, from.y + ((to.y - from.y) * i) / 8);
  }
  await page.mouse.up();
}

async function slice(page) {
  return Number(await page.getAttribute('#view-status', 'data-slice'));
}

async function goTo(page, target) {
  await page.locator('#viewport').focus();
  for (let guard = 0; guard < 600 && (await slice(page)) !== target; guard++) {
    await page.keyboard.press((await slice(page)) < target ? 'ArrowDown' : 'ArrowUp');
  }
  check((await slice(page)) === target, `slice ${target} shown`);
}

async function message(page, text) {
  await page.locator('#messages .message', { hasText: text }).first().waitFor();
}

/**
 * The ended session of step 10, set up before the first page loads: its routes stay for the whole run
 * and pass everything on until {@link session.end}. Routes added while the app runs may miss a request
 * sent right after them: in some runs the save's POST went past a route added just before it, unseen by
 * Playwright's request events too (most likely Chromium turns a page's new interception on asynchronously).
 */
async function sessionControl(page) {
  const fs = await import('node:fs');
  const s = { ended: false, refused: false, renewRefused: false };
  s.trace = (t) => fs.appendFileSync(`${OUT}/session-trace.log`, `${new Date().toISOString()} ${t}\n`);
  // the next save meets a 401; every token renewal is refused while the session is ended (the app's own
  // scheduled renewal may come first and must not be the only refusal); the new login's code exchange passes
  await page.route('**/api/v1/label-sets/*/versions', (route) => {
    if (s.ended) s.trace(`route ${route.request().method()} versions (refused before: ${s.refused})`);
    if (s.ended && route.request().method() === 'POST' && !s.refused) {
      s.refused = true;
      return route.fulfill({ status: 401, body: '' });
    }
    return route.fallback();
  });
  await page.route('**/protocol/openid-connect/token', (route) => {
    if (s.ended && (route.request().postData() ?? '').includes('grant_type=refresh_token')) {
      s.renewRefused = true;
      return route.fulfill({ status: 400, contentType: 'application/json', body: '{"error":"invalid_grant"}' });
    }
    return route.fallback();
  });
  s.end = () => {
    s.ended = true;
    // a trace of the step's requests (saves, token requests, navigations) in OUT/session-trace.log
    page.context().on('request', (q) => {
      if (s.ended && /\/versions|openid-connect/.test(q.url())) s.trace(`request ${q.method()} ${q.url().slice(0, 160)}`);
    });
    page.context().on('response', (q) => {
      if (s.ended && /\/versions|openid-connect/.test(q.url())) s.trace(`response ${q.status()} ${q.request().method()} ${q.url().slice(0, 160)}`);
    });
    page.on('framenavigated', (f) => s.ended && s.trace(`navigated ${f.url().slice(0, 160)}`));
  };
  s.resume = () => {
    s.ended = false;
  };
  return s;
}

await run(OUT, async (page, rec) => {
  const r = rec.results;
  const session = await sessionControl(page);
  await login(page, BASE, 'annotator', 'annotator');
  await rec.shot(page, 'logged-in');

  // 1. upload the study's folder (and one file that is not DICOM)
  await page.click('nav a[href="#/upload"]');
  await page.setInputFiles('#upload-folder', STUDY_DIR);
  await page.waitForFunction(() => document.querySelector('#upload-summary')?.textContent?.startsWith('Done'), null, { timeout: 180000 });
  r.upload = await page.evaluate(() => {
    const rows = [...document.querySelectorAll('tr[data-file]')];
    const by = (k) => rows.filter((t) => t.dataset.result === k).map((t) => ({ file: t.dataset.file, why: t.children[2].textContent }));
    return { stored: by('stored').length, duplicate: by('duplicate').length, rejected: by('rejected') };
  });
  await rec.shot(page, 'uploaded');

  // 2. find it by patient ID and open it
  await page.goto(`${BASE}/label/#/`);
  await page.waitForSelector('body[data-ready="studies"]');
  await page.fill('#q-patient-id', PATIENT_ID);
  await page.click('#search-button');
  await page.waitForSelector('#study-results tr[data-study]');
  r.found = await page.locator('#study-results tr[data-study]').count();
  r.studyUid = await page.getAttribute('#study-results tr[data-study]', 'data-study');
  // the patient page: the study with its AI results (the pipeline's SR), then back to the list
  await page.click(`#study-results a[href="#/patient/${PATIENT_ID}"]`);
  await page.waitForSelector(`.study-card[data-study="${r.studyUid}"]`);
  const aiDeadline = Date.now() + AI_TIMEOUT;
  while (!(await page.locator('.ai-result li').count())) {
    check(Date.now() < aiDeadline, 'the AI results on the patient page');
    await page.waitForTimeout(2000);
    await page.reload();
    await page.waitForSelector(`.study-card[data-study="${r.studyUid}"]`);
  }
  r.patientPage = { aiResults: await page.locator('.ai-result').count(), demoBadges: await page.locator('.ai-result .badge.demo').count() };
  await rec.shot(page, 'patient');
  await page.goBack();
  await page.waitForSelector('#study-results tr[data-study]');
  await page.click('#study-results a.open-study');
  await page.waitForSelector(`.series-card[data-series="${SERIES}"] img`);
  await rec.shot(page, 'series');
  await page.click(`.series-card[data-series="${SERIES}"] .label-series`);
  await page.waitForSelector('#viewport canvas');
  await page.waitForSelector('#view-status[data-slice]');

  // 3. the AI pre-labels (inference → labeling's pre-label consumer) as the starting version
  const deadline = Date.now() + AI_TIMEOUT;
  while (!(await page.locator('button.load-set[data-ai="true"]').count())) {
    check(Date.now() < deadline, 'the AI pre-labels arrive');
    await page.waitForTimeout(2000);
    await page.click('#refresh-sets');
  }
  await page.click('button.load-set[data-ai="true"]');
  await page.waitForSelector('#set-info:has-text("version 1")');
  r.labelSetId = Number(await page.getAttribute('#label-sets li.current', 'data-set'));
  r.segments = await page.locator('.segments li').count();
  await rec.shot(page, 'ai-pre-labels');

  // 4. L3 on the sagittal reconstruction
  await page.click('#tab-l3');
  await page.waitForSelector('#l3-info[data-slice]');
  await page.locator('#sagittal').focus();
  for (let guard = 0; guard < 600; guard++) {
    const at = await page.getAttribute('#l3-info', 'data-slice');
    if (at !== '' && Number(at) === L3) break;
    await page.keyboard.press(at === '' || Number(at) < L3 ? 'ArrowDown' : 'ArrowUp');
  }
  await page.click('#use-l3');
  await message(page, 'L3 set to slice');
  r.l3Picked = Number(await page.getAttribute('#l3-info', 'data-slice'));
  await rec.shot(page, 'l3-picked');
  await page.click('#tab-labels');

  // 5. window preset from the context menu
  await page.click('#reset-view');
  const mid = await toPage(page, 256, 256);
  await page.mouse.click(mid.x, mid.y, { button: 'right' });
  await page.click('#context-menu button:has-text("Abdomen")');
  r.windowAfterPreset = await page.textContent('#view-status');
  await rec.shot(page, 'abdomen-preset');

  // 6. semi-automatic tools on another slice: back projection (muscle), GrabCut
  await goTo(page, EDIT);
  await page.check('#seg-active-1');
  await page.keyboard.press('h');
  await drag(page, await toPage(page, SAMPLE[0], SAMPLE[1]), await toPage(page, SAMPLE[0] + SAMPLE[2], SAMPLE[1] + SAMPLE[3]));
  await page.waitForSelector('#view-status[data-last-tool="back-projection"]');
  r.backProjection = { ms: Number(await page.getAttribute('#view-status', 'data-last-tool-ms')), added: Number(await page.getAttribute('#view-status', 'data-last-tool-pixels')) };
  await rec.shot(page, 'back-projection');
  await page.check('#seg-active-3');
  await page.keyboard.press('g');
  await drag(page, await toPage(page, GRABCUT[0], GRABCUT[1]), await toPage(page, GRABCUT[0] + GRABCUT[2], GRABCUT[1] + GRABCUT[3]));
  await page.waitForSelector('#view-status[data-last-tool="grabcut"]');
  r.grabcut = { ms: Number(await page.getAttribute('#view-status', 'data-last-tool-ms')), added: Number(await page.getAttribute('#view-status', 'data-last-tool-pixels')) };
  await rec.shot(page, 'grabcut');

  // freehand polygon around a patch of the visceral fat (segment 3), then the labels hidden and shown
  await page.check('#seg-active-3');
  await page.keyboard.press('p');
  const poly = [[BRUSH[0], BRUSH[1] - 10], [BRUSH[2], BRUSH[1] - 10], [BRUSH[2], BRUSH[1] - 2], [BRUSH[0], BRUSH[1] - 2]];
  const first = await toPage(page, poly[0][0], poly[0][1]);
  await page.mouse.move(first.x, first.y);
  await page.mouse.down();
  for (const [x, y] of poly.slice(1)) {
    const p = await toPage(page, x, y);
    await page.mouse.move(p.x, p.y, { steps: 4 });
  }
  await page.mouse.up();
  r.polygon = await page.textContent('#view-status');
  await page.fill('#label-opacity', '20');
  await page.uncheck('#seg-visible-1');
  await rec.shot(page, 'polygon-muscle-hidden-opacity-20');
  await page.check('#seg-visible-1');
  await page.fill('#label-opacity', '50');

  // 7. brush and eraser
  await page.check('#seg-active-2');
  await page.keyboard.press('b');
  await drag(page, await toPage(page, BRUSH[0], BRUSH[1]), await toPage(page, BRUSH[2], BRUSH[3]));
  await rec.shot(page, 'brush');
  await page.keyboard.press('e');
  await drag(page, await toPage(page, BRUSH[0], BRUSH[1]), await toPage(page, (BRUSH[0] + BRUSH[2]) / 2, (BRUSH[1] + BRUSH[3]) / 2));
  await rec.shot(page, 'eraser');
  // undo and redo the eraser stroke
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Control+y');

  // 8. two versions
  await page.fill('#save-comment', 'muscle by back projection, GrabCut, brush');
  await page.keyboard.press('Escape');
  await page.locator('#viewport').focus();
  await page.keyboard.press('Control+s');
  await message(page, 'Saved as version 2');
  await goTo(page, EDIT + 1);
  await page.check('#seg-active-1');
  await page.click('#threshold-apply');
  await page.waitForSelector('#view-status[data-last-tool="threshold"]');
  await page.click('#save');
  await message(page, 'Saved as version 3');
  await page.waitForSelector('#versions li[data-version="3"]');
  r.versions = await page.locator('#versions li').count();
  await page.click('#versions li[data-version="1"] button.diff');
  r.diff = await page.textContent('#diff-totals');
  await rec.shot(page, 'versions-and-diff');

  // 9. someone else saves first (a colleague reverts to version 2): the save is refused, shown, kept
  r.colleague = await page.evaluate(async (set) => {
    const t = JSON.parse(sessionStorage.getItem('radflow.label.tokens')).access;
    const res = await fetch(`/api/v1/label-sets/${set}/revert`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${t}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ toVersion: 2, baseVersion: 3 }),
    });
    return res.status;
  }, r.labelSetId);
  await goTo(page, EDIT);
  await page.keyboard.press('b');
  await drag(page, await toPage(page, BRUSH[0], BRUSH[1] + 12), await toPage(page, BRUSH[2], BRUSH[3] + 12));
  await page.keyboard.press('Control+s');
  await page.waitForSelector('#conflict');
  r.conflict = await page.textContent('#conflict p');
  await rec.shot(page, 'conflict');
  await page.click('#conflict-overwrite');
  await message(page, 'Saved as version 5');

  // 10. the session ends while there is unsaved work: a new login keeps it
  await page.keyboard.press('e');
  await drag(page, await toPage(page, BRUSH[0], BRUSH[1] + 12), await toPage(page, (BRUSH[0] + BRUSH[2]) / 2, BRUSH[1] + 12));
  session.end();
  await page.keyboard.press('Control+s');
  // what the save led to; anything but the restored labels is named in the failure
  const outcome = page.locator('#messages .message', { hasText: /before the new login were restored|Saved as version 6|Nothing changed|Saving failed/ }).first();
  await outcome.waitFor();
  const shown = (await outcome.textContent()).replace(/×$/, '');
  check(shown.includes('unsaved labels from before the new login were restored'), `the save met the ended session and a new login restored the labels; shown instead: "${shown}" (see session-trace.log)`);
  r.reauthenticated = { refused: session.refused, renewRefused: session.renewRefused, status: await page.textContent('#view-status') };
  session.resume();
  await rec.shot(page, 'restored-after-login');
  await page.locator('#viewport').focus();
  await page.keyboard.press('Control+s');
  await message(page, 'Saved as version 6');
  await page.waitForSelector('#versions li[data-version="6"]');
  r.versions = await page.locator('#versions li').count();

  // 11. publish as SEG
  await page.click('#publish');
  await page.waitForSelector('#published');
  r.published = await page.textContent('#published');
  await rec.shot(page, 'published');

  // 12. quantification: height and weight missing in the tags, entered; compute; XLSX
  await page.click('#tab-quant');
  r.heightSource = await page.textContent('#height-source');
  await page.fill('#height-m', HEIGHT);
  await page.fill('#weight-kg', WEIGHT);
  await page.click('#compute');
  await page.waitForSelector('#quant-table', { timeout: 240000 });
  r.quantification = await page.evaluate(() => {
    const rows = [...document.querySelectorAll('#quant-table tr[data-tissue]')];
    const areas = Object.fromEntries(rows.map((t) => [t.dataset.tissue, Number(t.querySelector('.area').textContent)]));
    return { areas, bmi: document.querySelector('#quant-derived .bmi').textContent, smi: document.querySelector('#quant-derived .smi').textContent, measurement: document.querySelector('#quant-result').dataset.measurement };
  });
  await page.waitForSelector('#quant-picture');
  // the user dismisses the messages over the panel
  while (await page.locator('#messages .dismiss').count()) {
    await page.locator('#messages .dismiss').first().click();
  }
  await rec.shot(page, 'quantification');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-xlsx')]);
  r.xlsx = `${OUT}/${download.suggestedFilename()}`;
  await download.saveAs(r.xlsx);

  // 13. the keyboard shortcuts dialog
  await page.locator('#viewport').focus();
  await page.keyboard.press('?');
  await page.waitForSelector('#help');
  r.shortcuts = await page.locator('#help tr').count();
  await rec.shot(page, 'shortcuts');
});
