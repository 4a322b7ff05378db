// The in-page check the viewer timings share (Puppeteer's and Playwright's waitForFunction take it):
// Date.now() when a canvas of at least 100 px shows an image — drawn scaled down to 64x64, more than
// 5 % of the pixels brighter than 20 and a standard deviation above 10 — else false.
export function canvasShowsImage() {
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
    if (lit / n > 0.05 && Math.sqrt(sum2 / n - mean * mean) > 10) return Date.now();
  }
  return false;
}
