/** A patient: clinical context the archive holds, prior studies with their AI results and label sets. */
import { json } from '../http';
import { cfg } from '../state';
import { imageUrl } from '../dicomweb';
import { attempt, fmtDate, h, setShortcuts } from '../ui';

export async function patientScreen(main: HTMLElement, id: string): Promise<void> {
  main.append(h('h1', {}, 'Patient ', h('span', { class: 'mono' }, id)));
  const p = await attempt('Reading the patient', () => json<any>(`${cfg().apiRoot}/patients/${encodeURIComponent(id)}/studies`));
  if (!p) {
    return;
  }
  main.append(h('p', { class: 'patient-name' }, p.patientName || ''));
  const ctx = p.clinicalContext ?? {};
  const names: Record<string, string> = {
    MedicalAlerts: 'Alerts',
    Allergies: 'Allergies',
    AdditionalPatientHistory: 'History',
    PatientSex: 'Sex',
    PatientAge: 'Age',
    PatientSize: 'Height (m)',
    PatientWeight: 'Weight (kg)',
    SmokingStatus: 'Smoking',
    PregnancyStatus: 'Pregnancy',
  };
  const ctxRows = Object.entries(ctx)
    .filter(([, values]) => (values as any[]).length > 0)
    .map(([k, values]: [string, any]) =>
      h(
        'tr',
        { 'data-context': k, class: ['MedicalAlerts', 'Allergies'].includes(k) ? 'alert' : '' },
        h('th', { scope: 'row' }, names[k] ?? k),
        h('td', {}, (values as any[]).map((v) => `${v.text ?? v.value}${v.studyDate ? ` (${fmtDate(v.studyDate)})` : ''}`).join('; ')),
      ),
    );
  main.append(
    h('section', { class: 'clinical', 'aria-labelledby': 'ctx-title' }, h('h2', { id: 'ctx-title' }, 'Clinical context'),
      ctxRows.length ? h('table', { class: 'kv' }, h('tbody', {}, ...ctxRows)) : h('p', {}, 'None recorded in the archive.')),
  );
  const studies = h('section', { 'aria-labelledby': 'studies-title' }, h('h2', { id: 'studies-title' }, `Studies (${p.studies.length}${p.truncated ? '+' : ''})`));
  for (const s of p.studies) {
    const ai = (s.aiResults ?? []).map((r: any) => aiResult(s, r));
    studies.append(
      h(
        'article',
        { class: 'study-card', 'data-study': s.studyInstanceUID },
        h('h3', {}, `${fmtDate(s.studyDate)} ${s.studyDescription ?? ''} `, h('small', {}, (s.modalitiesInStudy ?? []).join(', '))),
        h('p', {}, `${s.numberOfSeries} series, ${s.numberOfInstances} images `, h('a', { href: `#/study/${s.studyInstanceUID}` }, 'Open study')),
        ai.length ? h('div', { class: 'ai-results' }, ...ai) : h('p', { class: 'muted' }, 'No AI result.'),
        s.labelSets?.length
          ? h('p', {}, 'Label sets: ', ...s.labelSets.map((l: any) => h('a', { href: `#/label/${s.studyInstanceUID}/${l.seriesInstanceUID}?set=${l.id}`, class: 'chip' }, `${l.name} v${l.currentVersion}`)))
          : null,
      ),
    );
  }
  main.append(studies);
  setShortcuts([{ keys: 'Escape', what: 'Back to the study list', run: () => (location.hash = '#/') }]);
}

function aiResult(study: any, r: any): HTMLElement {
  const lines: HTMLElement[] = [];
  let roi: any = null;
  for (const g of r.groups ?? []) {
    const finding = g.finding?.meaning ?? '';
    const site = g.findingSite?.meaning ? ` (${g.findingSite.meaning})` : '';
    const evals = (g.evaluations ?? []).map((e: any) => `${e.concept?.meaning}: ${e.value?.meaning ?? e.text ?? ''}`);
    const meas = (g.measurements ?? []).map((m: any) => `${m.concept?.meaning}: ${Number(m.value).toFixed(2)} ${m.unit?.value ?? ''}`);
    lines.push(h('li', {}, `${finding}${site}`, evals.length || meas.length ? ' — ' + [...evals, ...meas].join(', ') : ''));
    if (!roi && g.roi?.coordinates?.length && g.roi.referencedSopInstanceUID) {
      roi = g.roi;
    }
  }
  const card = h(
    'div',
    { class: 'ai-result' },
    h('h4', {}, r.seriesDescription ?? 'AI result', r.demo ? h('span', { class: 'badge demo' }, 'DEMO model, synthetic training data') : null),
    r.error ? h('p', { class: 'error' }, r.error) : h('ul', {}, ...lines),
  );
  if (roi) {
    card.append(thumbnailWithRoi(study, roi));
  }
  return card;
}

/** The referenced image's thumbnail with the ROI's box drawn over it. */
function thumbnailWithRoi(study: any, roi: any): HTMLElement {
  const wrap = h('figure', { class: 'roi-thumb' });
  const series = roi.sourceSeriesInstanceUID;
  if (!series) {
    return wrap;
  }
  const base = `${cfg().dicomWebRoot}/studies/${study.studyInstanceUID}/series/${series}/instances`;
  void (async () => {
    const [meta] = await json<any[]>(`${base}?SOPInstanceUID=${roi.referencedSopInstanceUID}&includefield=00280011`);
    const columns = Number(meta?.['00280011']?.Value?.[0] ?? 0);
    const url = await imageUrl(`${base}/${roi.referencedSopInstanceUID}/rendered?viewport=192,192`);
    const img = h('img', { src: url, alt: 'Image of the AI finding, its region boxed' });
    img.addEventListener('load', () => {
      // ROI coordinates are the source image's pixels; the rendered image keeps the aspect ratio
      const k = columns ? img.naturalWidth / columns : 1;
      const c = roi.coordinates as number[];
      const xs = c.filter((_, i) => i % 2 === 0);
      const ys = c.filter((_, i) => i % 2 === 1);
      const box = h('div', { class: 'roi-box', 'aria-hidden': 'true' });
      Object.assign(box.style, {
        left: `${Math.min(...xs) * k}px`,
        top: `${Math.min(...ys) * k}px`,
        width: `${Math.max(2, (Math.max(...xs) - Math.min(...xs)) * k)}px`,
        height: `${Math.max(2, (Math.max(...ys) - Math.min(...ys)) * k)}px`,
      });
      wrap.append(box);
    });
    wrap.prepend(img);
  })().catch(() => wrap.append(h('figcaption', {}, 'image not available')));
  return wrap;
}
