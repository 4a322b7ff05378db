/** Study list: search by patient ID, name, date and modality (QIDO-RS). */
import { searchStudies, str, num, T, type StudyQuery } from '../dicomweb';
import { attempt, clear, fmtDate, h, setShortcuts } from '../ui';

let last: StudyQuery = {};

export function studiesScreen(main: HTMLElement, params: URLSearchParams): void {
  const q: StudyQuery = {
    patientId: params.get('patientId') ?? last.patientId ?? '',
    patientName: params.get('patientName') ?? last.patientName ?? '',
    date: params.get('date') ?? last.date ?? '',
    modality: params.get('modality') ?? last.modality ?? '',
  };
  const field = (id: string, label: string, value: string, extra: Record<string, any> = {}) =>
    h('label', { for: id }, label, h('input', { id, name: id, value, ...extra }));
  const results = h('div', { id: 'study-results', 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'search', role: 'search', 'aria-label': 'Find studies' },
    field('q-patient-id', 'Patient ID', q.patientId!, { autocomplete: 'off' }),
    field('q-patient-name', 'Patient name', q.patientName!),
    field('q-date', 'Study date', q.date!, { placeholder: 'YYYYMMDD or YYYYMMDD-YYYYMMDD', pattern: '\\d{8}(-\\d{8})?' }),
    h(
      'label',
      { for: 'q-modality' },
      'Modality',
      h('select', { id: 'q-modality' }, ...['', 'CT', 'MR', 'DX', 'CR', 'SEG', 'SR'].map((m) => h('option', { value: m, selected: m === q.modality }, m || 'any'))),
    ),
    h('button', { type: 'submit', id: 'search-button' }, 'Search'),
  );
  const run = async () => {
    const val = (id: string) => (form.querySelector('#' + id) as HTMLInputElement).value.trim();
    last = { patientId: val('q-patient-id'), patientName: val('q-patient-name'), date: val('q-date'), modality: val('q-modality') };
    // the search in the address: back from a study or a patient shows it again, a link can share it
    const inUrl = new URLSearchParams(Object.entries(last).filter(([, v]) => v) as [string, string][]);
    history.replaceState(null, '', `#/${inUrl.size ? `?${inUrl}` : ''}`);
    clear(results);
    results.append(h('p', { class: 'busy' }, 'Searching…'));
    const list = await attempt('Searching studies', () => searchStudies(last));
    clear(results);
    if (!list) {
      return;
    }
    if (list.length === 0) {
      results.append(h('p', {}, 'No study matches.'));
      return;
    }
    const rows = list.map((s) => {
      const uid = str(s, T.StudyInstanceUID);
      const pid = str(s, T.PatientID);
      return h(
        'tr',
        { 'data-study': uid },
        h('td', {}, h('a', { href: `#/patient/${encodeURIComponent(pid)}`, title: 'Patient page' }, pid)),
        h('td', {}, str(s, T.PatientName)),
        h('td', {}, fmtDate(str(s, T.StudyDate))),
        h('td', {}, (s[T.ModalitiesInStudy]?.Value ?? []).join(', ')),
        h('td', {}, str(s, T.StudyDescription)),
        h('td', { class: 'num' }, num(s, T.NumberOfStudyRelatedSeries) ?? ''),
        h('td', { class: 'num' }, num(s, T.NumberOfStudyRelatedInstances) ?? ''),
        h('td', {}, h('a', { href: `#/study/${uid}`, class: 'open-study' }, 'Open')),
      );
    });
    results.append(
      h(
        'table',
        { class: 'list', 'aria-label': 'Studies' },
        h('thead', {}, h('tr', {}, ...['Patient ID', 'Name', 'Date', 'Modalities', 'Description', 'Series', 'Images', ''].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, ...rows),
      ),
    );
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void run();
  });
  main.append(h('h1', {}, 'Studies'), form, results);
  setShortcuts([
    { keys: '/', what: 'Search: focus the patient ID field', run: () => (form.querySelector('#q-patient-id') as HTMLInputElement).focus() },
    { keys: 'u', what: 'Upload DICOM files or a folder', run: () => (location.hash = '#/upload') },
  ]);
  if (q.patientId || q.patientName || q.date || q.modality) {
    void run();
  }
  (form.querySelector('#q-patient-id') as HTMLInputElement).focus();
}
