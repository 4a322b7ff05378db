// The dicomweb-client npm package as an independent DICOMweb client, run inside headless chromium
// (it uses XMLHttpRequest) on the labeling-service's origin. Prints one JSON object with what it got;
// the Java test (DicomwebClientInteropTest) asserts on it.
// usage: node dicomweb-client.mjs '{"base":..., "authorization":"Bearer ...", "study":..., "series":..., "sop":..., "pixels":[...], "stowFile":...}'
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { launch } from './browser.mjs';

const args = JSON.parse(process.argv[2]);
const require = createRequire(import.meta.url);
const umd = require.resolve('dicomweb-client/build/dicomweb-client.js');
const browser = await launch();
try {
  const page = await browser.newPage();
  await page.goto(args.base + '/q/health/live');
  await page.addScriptTag({ path: umd });
  const stow = readFileSync(args.stowFile).toString('base64');
  const result = await page.evaluate(async (a, stowB64) => {
    // the secured server wants a bearer token on every request (docs/security.md)
    const client = new DICOMwebClient.api.DICOMwebClient({
      url: a.base + '/dicomweb',
      headers: { Authorization: a.authorization },
    });
    const out = {};
    const studies = await client.searchForStudies({ queryParams: { PatientID: a.patientId } });
    out.studies = studies.map((s) => s['0020000D'].Value[0]);
    out.studyDescriptions = studies.map((s) => (s['00081030'] && s['00081030'].Value ? s['00081030'].Value[0] : null));
    out.patientNames = studies.map((s) => s['00100010'].Value[0]);
    const series = await client.searchForSeries({ studyInstanceUID: a.study });
    out.series = series.map((s) => s['0020000E'].Value[0]);
    const instances = await client.searchForInstances({ studyInstanceUID: a.study, seriesInstanceUID: a.series });
    out.instances = instances.length;
    const metadata = await client.retrieveSeriesMetadata({ studyInstanceUID: a.study, seriesInstanceUID: a.series });
    out.metadata = metadata.length;
    const md = metadata.find((m) => m['00080018'].Value[0] === a.sop);
    const slope = md['00281053'] ? Number(md['00281053'].Value[0]) : 1;
    const intercept = md['00281052'] ? Number(md['00281052'].Value[0]) : 0;
    const frames = await client.retrieveInstanceFrames({
      studyInstanceUID: a.study, seriesInstanceUID: a.series, sopInstanceUID: a.sop, frameNumbers: [1],
    });
    const signed = md['00280103'].Value[0] === 1;
    const view = signed ? new Int16Array(frames[0]) : new Uint16Array(frames[0]);
    out.frameBytes = frames[0].byteLength;
    out.hu = a.pixels.map((i) => view[i] * slope + intercept);
    const bytes = Uint8Array.from(atob(stowB64), (c) => c.charCodeAt(0));
    const stored = await client.storeInstances({ datasets: [bytes.buffer] });
    out.stowResponse = typeof stored === 'string' ? stored : JSON.stringify(stored);
    return out;
  }, args, stow);
  console.log(JSON.stringify(result));
} finally {
  await browser.close();
}
