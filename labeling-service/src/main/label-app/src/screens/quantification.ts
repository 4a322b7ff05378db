/**
 * Quantification: one click measures body composition on the current labels at the chosen L3 slice —
 * the labels are saved and published as a SEG, the quantification service is asked to measure that
 * SEG at that slice, and its result is shown: tissue table and chart, BMI and SMI with height and
 * weight (from the image's tags, editable when missing), the labelled slice's picture, XLSX.
 */
import { json, request, send } from '../http';
import { auth } from '../state';
import { num, T } from '../dicomweb';
import { append, attempt, clear, h, message } from '../ui';
import type { LabelingScreen } from './labeling';
import { l3Key, quant, type L3State } from './sagittal';

const COLORS: Record<string, string> = {
  SKELETAL_MUSCLE: '#dc3c3c',
  SUBCUTANEOUS_FAT: '#f0c850',
  VISCERAL_FAT: '#50b4a0',
  INTERMUSCULAR_FAT: '#b478dc',
};

export function quantificationPanel(panel: HTMLElement, screen: LabelingScreen): void {
  const first = () => screen.stack.first;
  const height = h('input', { type: 'number', id: 'height-m', step: 0.01, min: 0.3, max: 2.6, 'aria-describedby': 'height-source' }) as HTMLInputElement;
  const weight = h('input', { type: 'number', id: 'weight-kg', step: 0.1, min: 1, max: 400, 'aria-describedby': 'weight-source' }) as HTMLInputElement;
  const heightSource = h('small', { id: 'height-source', class: 'muted' });
  const weightSource = h('small', { id: 'weight-source', class: 'muted' });
  const l3 = h('p', { id: 'quant-l3' });
  const compute = h('button', { type: 'button', id: 'compute', class: 'primary' }, 'Compute body composition');
  const out = h('div', { id: 'quant-result', 'aria-live': 'polite' });
  panel.append(
    h('p', { class: 'demo-notice' }, 'Body composition from your labels; the AI pre-labels come from a demo model trained on synthetic studies.'),
    l3,
    h('div', { class: 'grid2' },
      h('label', { for: 'height-m' }, 'Height (m)'), h('div', {}, height, ' ', heightSource),
      h('label', { for: 'weight-kg' }, 'Weight (kg)'), h('div', {}, weight, ' ', weightSource)),
    auth().canMeasure ? compute : h('p', { class: 'muted' }, 'Your role may read results only.'),
    out,
  );

  const prefill = () => {
    const hm = num(first(), T.PatientSize);
    const kg = num(first(), T.PatientWeight);
    if (!height.value) height.value = hm ? String(hm) : '';
    if (!weight.value) weight.value = kg ? String(kg) : '';
    heightSource.textContent = hm ? 'from the image' : 'not in the image: enter it';
    weightSource.textContent = kg ? 'from the image' : 'not in the image: enter it';
    const st = (screen as any).l3 as L3State | undefined;
    const i = st?.index ?? (localStorage.getItem(l3Key(screen.seriesUid)) != null ? Number(localStorage.getItem(l3Key(screen.seriesUid))) : null);
    l3.textContent = i == null ? 'L3: not picked yet (tab "L3 (sagittal)"); the model\'s L3 is used.' : `L3: slice ${i + 1} of ${screen.stack.slices.length}`;
    return i;
  };

  panel.addEventListener('shown', () => {
    prefill();
    void latest(screen, out);
  });

  compute.addEventListener('click', async () => {
    const i = prefill();
    compute.disabled = true;
    try {
      await run(screen, out, i, height, weight);
    } finally {
      compute.disabled = false;
    }
  });
}

async function run(screen: LabelingScreen, out: HTMLElement, l3Index: number | null, height: HTMLInputElement, weight: HTMLInputElement): Promise<void> {
  const status = (t: string) => {
    clear(out);
    out.append(h('p', { class: 'busy', id: 'quant-status' }, t));
  };
  status('Saving and publishing the labels…');
  const published = await screen.publish();
  if (!published) {
    clear(out);
    return;
  }
  const base = `${quant()}/studies/${screen.studyUid}/body-composition`;
  const hm = height.value ? Number(height.value) : null;
  const kg = weight.value ? Number(weight.value) : null;
  const tagH = num(screen.stack.first, T.PatientSize) ?? null;
  const tagW = num(screen.stack.first, T.PatientWeight) ?? null;
  if ((hm != null && hm !== tagH) || (kg != null && kg !== tagW)) {
    status('Recording height and weight…');
    const ok = await attempt('Recording height and weight', () => send(`${base}/anthropometrics`, 'PUT', { heightM: hm, weightKg: kg }));
    if (ok === undefined) {
      clear(out);
      return;
    }
  }
  status('Measuring…');
  const sop = screen.stack.slices[l3Index ?? screen.lv.index].sopInstanceUID;
  const queued = await attempt('Asking for the measurement', () =>
    send<any>(`${base}/l3`, 'PUT', { sopInstanceUID: l3Index == null ? undefined : sop, segSeriesUID: published.seriesInstanceUID }),
  );
  if (!queued) {
    clear(out);
    return;
  }
  const id = queued.id;
  const deadline = Date.now() + 180_000;
  for (;;) {
    const view = await attempt('Reading the measurement', () => json<any>(`${base}?measurement=${id}`));
    const m = view?.current ?? view?.measurements?.find((x: any) => x.id === id);
    if (m?.status === 'SUCCEEDED') {
      show(out, view, base);
      message('ok', 'Body composition measured on your labels.');
      return;
    }
    if (m?.status === 'FAILED') {
      clear(out);
      out.append(h('p', { class: 'error', role: 'alert' }, `The measurement failed: ${m.reason ?? 'no reason given'}`));
      return;
    }
    if (!view || Date.now() > deadline) {
      clear(out);
      out.append(h('p', { class: 'error', role: 'alert' }, 'The measurement did not finish in 3 minutes; it is still queued at the quantification service.'));
      return;
    }
    status(`Measuring… (${m?.status?.toLowerCase() ?? 'queued'})`);
    await new Promise((r) => setTimeout(r, 700));
  }
}

async function latest(screen: LabelingScreen, out: HTMLElement): Promise<void> {
  const base = `${quant()}/studies/${screen.studyUid}/body-composition`;
  try {
    const view = await json<any>(base);
    if (view?.result) show(out, view, base);
  } catch {
    // none yet
  }
}

function fmt(v: number | null | undefined, d = 1): string {
  return v == null || Number.isNaN(v) ? '—' : Number(v).toFixed(d);
}

function show(out: HTMLElement, view: any, base: string): void {
  const r = view.result;
  clear(out);
  const tissues: any[] = r.tissues ?? [];
  const max = Math.max(1, ...tissues.map((t) => t.areaCm2 ?? 0));
  const bar = 220;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${bar + 230} ${tissues.length * 26 + 6}" width="100%" role="img" aria-label="Tissue areas at L3">${tissues
    .map((t, i) => `<text x="0" y="${i * 26 + 18}" font-size="12">${t.name}</text><rect x="150" y="${i * 26 + 5}" width="${((t.areaCm2 ?? 0) / max) * bar}" height="18" fill="${COLORS[t.tissue] ?? '#888'}"/><text x="${155 + ((t.areaCm2 ?? 0) / max) * bar}" y="${i * 26 + 18}" font-size="12">${fmt(t.areaCm2)} cm²</text>`)
    .join('')}</svg>`;
  const chart = h('figure', { class: 'chart', id: 'quant-chart' });
  chart.innerHTML = svg;
  const picture = h('figure', { class: 'l3-picture' });
  void request(`${base}.png`).then(async (p) => {
    const url = URL.createObjectURL(await p.blob());
    picture.append(h('img', { src: url, alt: 'The L3 slice with the tissues in colour', id: 'quant-picture' }), h('figcaption', {}, 'L3 slice, tissues in colour'));
  }).catch(() => picture.append(h('figcaption', {}, 'picture not available')));
  const xlsx = h('button', { type: 'button', id: 'download-xlsx' }, 'Download XLSX');
  xlsx.addEventListener('click', () => void attempt('Downloading the spreadsheet', async () => {
    const x = await request(`${base}.xlsx`);
    const a = h('a', { href: URL.createObjectURL(await x.blob()), download: `body-composition-${view.studyInstanceUID}.xlsx` });
    document.body.append(a);
    a.click();
    a.remove();
  }));
  append(
    out,
    r.demo ? h('p', { class: 'demo-notice' }, r.demoNotice) : null,
    h('table', { class: 'list', id: 'quant-table' },
      h('thead', {}, h('tr', {}, ...['Tissue', 'Area (cm²)', 'Mean HU', 'SD HU'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, ...tissues.map((t) => h('tr', { 'data-tissue': t.tissue }, h('th', { scope: 'row' }, t.name), h('td', { class: 'num area' }, fmt(t.areaCm2, 2)), h('td', { class: 'num' }, fmt(t.meanHu)), h('td', { class: 'num' }, fmt(t.sdHu)))))),
    h('table', { class: 'kv', id: 'quant-derived' }, h('tbody', {},
      h('tr', { 'data-value': 'height' }, h('th', { scope: 'row' }, 'Height'), h('td', {}, `${fmt(r.height?.value, 2)} m ${r.height?.source ? `(${String(r.height.source).toLowerCase()})` : ''}`)),
      h('tr', { 'data-value': 'weight' }, h('th', { scope: 'row' }, 'Weight'), h('td', {}, `${fmt(r.weight?.value)} kg ${r.weight?.source ? `(${String(r.weight.source).toLowerCase()})` : ''}`)),
      h('tr', { 'data-value': 'bmi' }, h('th', { scope: 'row' }, 'BMI'), h('td', { class: 'bmi' }, r.bmi?.value != null ? `${fmt(r.bmi.value)} ${r.bmi.unit}` : `— (${r.bmi?.missing ?? 'missing'})`)),
      h('tr', { 'data-value': 'smi' }, h('th', { scope: 'row' }, 'SMI'), h('td', { class: 'smi' }, r.smi?.value != null ? `${fmt(r.smi.value)} ${r.smi.unit}` : `— (${r.smi?.missing ?? 'missing'})`)),
      h('tr', {}, h('th', { scope: 'row' }, 'L3 slice'), h('td', {}, `${r.l3?.source === 'ANNOTATOR' ? 'picked by a person' : 'the model\'s'}${r.l3?.slabSlices > 1 ? `, slab of ${r.l3.slabSlices}` : ''}`)))),
    chart,
    picture,
    xlsx,
  );
  out.dataset.measurement = view.current?.id ?? '';
}
