// A radiologist opens the same series: the images and labels are shown, every write action is hidden.
import { check, env, login, run } from './lib.mjs';

const BASE = env('BASE');
const OUT = env('OUT');
const STUDY = env('STUDY');
const SERIES = env('SERIES');

await run(OUT, async (page, rec) => {
  const r = rec.results;
  await login(page, BASE, 'radiologist', 'radiologist');
  await page.goto(`${BASE}/label/#/label/${STUDY}/${SERIES}`);
  await page.waitForSelector('#viewport canvas');
  await page.waitForSelector('#view-status[data-slice]');
  await page.waitForSelector('button.load-set');
  await page.click('button.load-set');
  await page.waitForSelector('#set-info strong');
  r.canWrite = await page.getAttribute('body', 'data-can-write');
  r.writeControls = await page.locator('#save, #publish, #new-set, #threshold-apply, #undo, button.mode[data-mode="brush"], button.mode[data-mode="grabcut"], button.revert').count();
  r.windowButton = await page.locator('button.mode[data-mode="window"]').count();
  r.versions = await page.locator('#versions li').count();
  await page.keyboard.press('Control+s');
  r.savedAnything = await page.locator('#messages .message', { hasText: 'Saved' }).count();
  check(r.writeControls === 0, 'no write control for a radiologist');
  await rec.shot(page, 'radiologist-view');
});
