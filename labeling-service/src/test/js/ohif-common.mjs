// Steps in the real OHIF viewer shared by the browser tests (ohif-viewer.mjs, ohif-results.mjs).

/** Keycloak's login page (reached from /viewer/): types the user's credentials and signs in. */
export async function login(page, user, password) {
  await page.waitForSelector('#username');
  await page.type('#username', user);
  await page.type('#password', password);
  await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded' }), page.click('#kc-login')]);
}

/** Skips OHIF's first-visit guided tour ("Skip all"), whose overlay swallows clicks and keys. */
export async function skipTour(page) {
  const skip = await page.$('::-p-xpath(//button[normalize-space()="Skip all"] | //*[text()="Skip all"])');
  if (skip) {
    await skip.click();
    await page.waitForFunction(() => !document.body.innerText.includes('Skip all'));
  }
}

/**
 * Focuses the viewport and steps with the arrow keys until the overlay shows image `n` of `total`
 * (a key press that arrives while the viewport is busy can be lost: when the image shown settles
 * elsewhere, it presses on from there).
 */
export async function scrollTo(page, n, total) {
  const canvas = await page.$('canvas');
  const box = await canvas.boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  const current = () => page.evaluate((t) => {
    const m = document.body.innerText.match(new RegExp(`\\((\\d+)\\s*/\\s*${t}\\)`));
    return m ? Number(m[1]) : 0;
  }, total);
  const deadline = Date.now() + 180000;
  for (let now = await current(); now !== n; ) {
    if (Date.now() > deadline) throw new Error(`scrolling stuck at image ${now} of ${total}, wanted ${n}`);
    for (let i = now; i < n; i++) await page.keyboard.press('ArrowDown');
    for (let i = now; i > n; i--) await page.keyboard.press('ArrowUp');
    // until the image shown is n, or has not changed for a second
    for (let same = 0, last = -1; same < 4; ) {
      await new Promise((r) => setTimeout(r, 250));
      now = await current();
      if (now === n) break;
      same = now === last ? same + 1 : 0;
      last = now;
    }
  }
}

/** Puts a failed run's error, a screenshot (out/error.png) and the text of the last page into `result`. */
export async function recordError(browser, e, result, out) {
  result.error = String(e && e.stack ? e.stack : e);
  try {
    const pages = await browser.pages();
    await pages[pages.length - 1].screenshot({ path: `${out}/error.png` });
    result.errorPageText = (await pages[pages.length - 1].evaluate(() => document.body.innerText)).slice(0, 2000);
  } catch (ignored) {
    // the page is gone
  }
}
