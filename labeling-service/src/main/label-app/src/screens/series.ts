/** A study's series with server-rendered thumbnails; pick the series and the slice range to label. */
import { cfg } from '../state';
import { imageUrl, num, seriesOf, str, study as studyOf, T } from '../dicomweb';
import { attempt, fmtDate, h, setShortcuts } from '../ui';

export async function seriesScreen(main: HTMLElement, studyUid: string): Promise<void> {
  const [st, list] = await Promise.all([
    attempt('Reading the study', () => studyOf(studyUid)),
    attempt('Reading the series', () => seriesOf(studyUid)),
  ]);
  if (!list) {
    return;
  }
  const pid = str(st, T.PatientID);
  main.append(
    h('h1', {}, 'Study ', h('small', {}, fmtDate(str(st, T.StudyDate)), ' ', str(st, T.StudyDescription))),
    h('p', {}, 'Patient ', h('a', { href: `#/patient/${encodeURIComponent(pid)}` }, pid), ' ', str(st, T.PatientName), ' · ',
      h('a', { href: `${cfg().viewerPath}viewer?StudyInstanceUIDs=${studyUid}`, target: '_blank', rel: 'noopener' }, 'Open in OHIF')),
  );
  const grid = h('ul', { class: 'series-grid', 'aria-label': 'Series' });
  list.sort((a, b) => (num(a, T.SeriesNumber) ?? 0) - (num(b, T.SeriesNumber) ?? 0));
  for (const s of list) {
    const uid = str(s, T.SeriesInstanceUID);
    const modality = str(s, T.Modality);
    const n = num(s, T.NumberOfSeriesRelatedInstances) ?? 0;
    const image = modality !== 'SEG' && modality !== 'SR' && modality !== 'PR';
    const thumb = h('div', { class: 'thumb' }, image ? '…' : modality);
    if (image) {
      void imageUrl(`${cfg().dicomWebRoot}/studies/${studyUid}/series/${uid}/thumbnail`)
        .then((url) => thumb.replaceChildren(h('img', { src: url, alt: `Series ${num(s, T.SeriesNumber) ?? ''} thumbnail` })))
        .catch(() => (thumb.textContent = 'no thumbnail'));
    }
    const from = h('input', { type: 'number', min: 1, max: n, value: 1, id: `from-${uid}`, 'aria-label': 'First slice' }) as HTMLInputElement;
    const to = h('input', { type: 'number', min: 1, max: n, value: n, id: `to-${uid}`, 'aria-label': 'Last slice' }) as HTMLInputElement;
    const open = h('button', { type: 'button', class: 'primary label-series', disabled: !image }, 'Label this series');
    open.addEventListener('click', () => {
      const a = Math.max(1, Math.min(n, Number(from.value) || 1));
      const b = Math.max(a, Math.min(n, Number(to.value) || n));
      const range = a === 1 && b === n ? '' : `&from=${a - 1}&to=${b - 1}`;
      location.hash = `#/label/${studyUid}/${uid}?n=${n}${range}`;
    });
    grid.append(
      h(
        'li',
        { class: 'series-card', 'data-series': uid, 'data-modality': modality },
        thumb,
        h('div', {}, h('strong', {}, `#${num(s, T.SeriesNumber) ?? '?'} ${modality}`), ' ', str(s, T.SeriesDescription)),
        h('div', { class: 'muted' }, `${n} images`),
        image ? h('div', { class: 'range' }, h('label', {}, 'Slices ', from), h('label', {}, ' to ', to)) : null,
        image ? open : null,
      ),
    );
  }
  main.append(grid);
  setShortcuts([
    { keys: 'Escape', what: 'Back to the study list', run: () => (location.hash = '#/') },
    { keys: 'Enter', what: 'Label the first image series', run: () => (main.querySelector('.label-series:not([disabled])') as HTMLButtonElement)?.click() },
  ]);
}
