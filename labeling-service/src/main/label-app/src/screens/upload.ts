/**
 * Upload: DICOM files or a whole folder, by Open or drag and drop, each file stored by STOW-RS
 * through the labeling service (to ingest), with a progress bar and a result per file; the uploaded
 * study then opens.
 */
import dicomParser from 'dicom-parser';
import { instancesOf, stowFile, type StowResult } from '../dicomweb';
import { auth } from '../state';
import { append, h, message, setShortcuts } from '../ui';

const PARALLEL = 4;

export function uploadScreen(main: HTMLElement): void {
  const files = h('input', { type: 'file', id: 'upload-files', multiple: true, class: 'visually-hidden' }) as HTMLInputElement;
  const folder = h('input', { type: 'file', id: 'upload-folder', class: 'visually-hidden' }) as HTMLInputElement;
  folder.setAttribute('webkitdirectory', '');
  const progress = h('progress', { id: 'upload-progress', max: 1, value: 0, 'aria-label': 'Upload progress' }) as HTMLProgressElement;
  const summary = h('p', { id: 'upload-summary', 'aria-live': 'polite' });
  const table = h('tbody', {});
  const drop = h(
    'div',
    { class: 'drop-zone', id: 'drop-zone', tabindex: 0, role: 'button', 'aria-label': 'Drop DICOM files or a folder here, or press Enter to choose files' },
    'Drop DICOM files or a folder here',
  );
  const write = auth().canWrite;
  append(
    main,
    h('h1', {}, 'Upload'),
    write ? null : h('p', { class: 'error' }, 'Your role may not store studies (annotator or admin).'),
    h(
      'div',
      { class: 'upload-actions' },
      h('label', { for: 'upload-files', class: 'button' }, 'Open files…'),
      files,
      h('label', { for: 'upload-folder', class: 'button' }, 'Open folder…'),
      folder,
    ),
    drop,
    progress,
    summary,
    h('table', { class: 'list', 'aria-label': 'Upload results' }, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'File'), h('th', { scope: 'col' }, 'Result'), h('th', { scope: 'col' }, 'Why'))), table),
  );
  const start = (list: File[]) => void upload(list, progress, summary, table);
  files.addEventListener('change', () => start([...(files.files ?? [])]));
  folder.addEventListener('change', () => start([...(folder.files ?? [])]));
  drop.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      files.click();
    }
  });
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    void dropped(e.dataTransfer!).then(start);
  });
  setShortcuts([{ keys: 'o', what: 'Open files to upload', run: () => files.click() }]);
}

/** Files of a drop, folders walked recursively. */
async function dropped(dt: DataTransfer): Promise<File[]> {
  const entries = [...dt.items].map((i) => i.webkitGetAsEntry()).filter((e): e is FileSystemEntry => !!e);
  if (entries.length === 0) {
    return [...dt.files];
  }
  const out: File[] = [];
  const walk = async (e: FileSystemEntry): Promise<void> => {
    if (e.isFile) {
      out.push(await new Promise<File>((res, rej) => (e as FileSystemFileEntry).file(res, rej)));
    } else if (e.isDirectory) {
      const reader = (e as FileSystemDirectoryEntry).createReader();
      for (;;) {
        const batch = await new Promise<FileSystemEntry[]>((res, rej) => reader.readEntries(res, rej));
        if (batch.length === 0) break;
        for (const c of batch) await walk(c);
      }
    }
  };
  for (const e of entries) await walk(e);
  return out;
}

/** The Study and SOP Instance UIDs of a DICOM file, or null when it is not one. */
async function identify(f: File): Promise<{ study: string; sop: string } | null> {
  try {
    const head = new Uint8Array(await f.slice(0, Math.min(f.size, 64 * 1024)).arrayBuffer());
    const ds = dicomParser.parseDicom(head, { untilTag: 'x7fe00010' });
    const study = ds.string('x0020000d');
    const sop = ds.string('x00080018');
    return study && sop ? { study, sop } : null;
  } catch {
    return null;
  }
}

async function upload(list: File[], progress: HTMLProgressElement, summary: HTMLElement, table: HTMLElement): Promise<void> {
  list = list.filter((f) => !f.name.startsWith('.') && f.name !== 'DICOMDIR');
  if (list.length === 0) {
    message('info', 'No file to upload.');
    return;
  }
  table.replaceChildren();
  const total = list.reduce((a, f) => a + f.size, 0);
  const sent = new Array<number>(list.length).fill(0);
  progress.max = total;
  progress.value = 0;
  summary.textContent = `Checking ${list.length} files…`;
  // what the archive has already: stored again (ingest keeps identical copies once) but reported as duplicates
  const ids = await Promise.all(list.map(identify));
  const known = new Map<string, Set<string>>();
  for (const study of new Set(ids.filter((x) => x).map((x) => x!.study))) {
    known.set(study, await instancesOf(study));
  }
  const rows = list.map((f) => {
    const result = h('td', { class: 'result' }, 'waiting');
    const why = h('td', {}, '');
    const tr = h('tr', { 'data-file': f.webkitRelativePath || f.name }, h('td', {}, f.webkitRelativePath || f.name), result, why);
    table.append(tr);
    return { tr, result, why };
  });
  const counts = { stored: 0, duplicate: 0, rejected: 0 };
  const studies = new Map<string, number>();
  let next = 0;
  const worker = async () => {
    while (next < list.length) {
      const i = next++;
      const f = list[i];
      let r: StowResult;
      try {
        r = await stowFile(f, (n) => {
          sent[i] = n;
          progress.value = sent.reduce((a, b) => a + b, 0);
        });
      } catch (e) {
        r = { status: 'rejected', reason: (e as Error).message };
      }
      const id = ids[i];
      if (r.status === 'stored' && id && known.get(id.study)?.has(id.sop)) {
        r = { ...r, status: 'duplicate', reason: 'already in the archive' };
      }
      if (r.status === 'rejected' && !id && !/dicom/i.test(r.reason ?? '')) {
        r = { ...r, reason: `not a DICOM file? ${r.reason ?? ''}`.trim() };
      }
      counts[r.status]++;
      if (r.studyUid) {
        studies.set(r.studyUid, (studies.get(r.studyUid) ?? 0) + 1);
      }
      rows[i].result.textContent = r.status;
      rows[i].tr.dataset.result = r.status;
      rows[i].why.textContent = r.reason ?? '';
      summary.textContent = `${counts.stored} stored, ${counts.duplicate} duplicate, ${counts.rejected} rejected of ${list.length}`;
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, list.length) }, worker));
  progress.value = total;
  summary.textContent = `Done: ${counts.stored} stored, ${counts.duplicate} duplicate, ${counts.rejected} rejected of ${list.length} files.`;
  const top = [...studies.entries()].sort((a, b) => b[1] - a[1])[0];
  if (counts.rejected) {
    message('error', `${counts.rejected} of ${list.length} files were rejected; see the table for why.`);
  }
  if (top && counts.rejected === 0) {
    message('ok', `Upload finished: ${counts.stored + counts.duplicate} files; opening the study.`);
    summary.append(' ', h('a', { href: `#/study/${top[0]}`, id: 'open-uploaded' }, 'Open the uploaded study'));
    setTimeout(() => {
      if (location.hash === '#/upload') location.hash = `#/study/${top[0]}`;
    }, 1500);
  } else if (top) {
    summary.append(' ', h('a', { href: `#/study/${top[0]}`, id: 'open-uploaded' }, 'Open the uploaded study'));
  }
}
