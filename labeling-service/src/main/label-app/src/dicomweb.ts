/** QIDO-RS, WADO-RS metadata and STOW-RS at the labeling service's DICOMweb root. */
import { authHeader, json, request } from './http';
import { cfg } from './state';

export type DicomJson = Record<string, { vr: string; Value?: any[] }>;

export function str(ds: DicomJson | undefined, tag: string): string {
  const v = ds?.[tag]?.Value?.[0];
  if (v == null) {
    return '';
  }
  if (typeof v === 'object' && 'Alphabetic' in v) {
    return String(v.Alphabetic ?? '');
  }
  return String(v);
}

export function num(ds: DicomJson | undefined, tag: string): number | undefined {
  const v = ds?.[tag]?.Value?.[0];
  return v == null || v === '' ? undefined : Number(v);
}

export function nums(ds: DicomJson | undefined, tag: string): number[] {
  return (ds?.[tag]?.Value ?? []).map(Number);
}

export const T = {
  StudyInstanceUID: '0020000D',
  SeriesInstanceUID: '0020000E',
  SOPInstanceUID: '00080018',
  SOPClassUID: '00080016',
  PatientID: '00100020',
  PatientName: '00100010',
  PatientSex: '00100040',
  PatientBirthDate: '00100030',
  PatientSize: '00101020',
  PatientWeight: '00101030',
  StudyDate: '00080020',
  StudyDescription: '00081030',
  AccessionNumber: '00080050',
  ModalitiesInStudy: '00080061',
  Modality: '00080060',
  SeriesDescription: '0008103E',
  SeriesNumber: '00200011',
  NumberOfStudyRelatedSeries: '00201206',
  NumberOfStudyRelatedInstances: '00201208',
  NumberOfSeriesRelatedInstances: '00201209',
  InstanceNumber: '00200013',
  ImagePositionPatient: '00200032',
  ImageOrientationPatient: '00200037',
  PixelSpacing: '00280030',
  SliceThickness: '00180050',
  Rows: '00280010',
  Columns: '00280011',
  RescaleSlope: '00281053',
  RescaleIntercept: '00281052',
  WindowCenter: '00281050',
  WindowWidth: '00281051',
  NumberOfFrames: '00280008',
} as const;

export interface StudyQuery {
  patientId?: string;
  patientName?: string;
  date?: string; // YYYYMMDD or a range YYYYMMDD-YYYYMMDD
  modality?: string;
}

export function searchStudies(q: StudyQuery): Promise<DicomJson[]> {
  const p = new URLSearchParams();
  if (q.patientId) p.set('PatientID', q.patientId);
  if (q.patientName) p.set('PatientName', q.patientName.includes('*') ? q.patientName : `*${q.patientName}*`);
  if (q.date) p.set('StudyDate', q.date);
  if (q.modality) p.set('ModalitiesInStudy', q.modality);
  p.set('limit', '200');
  p.append('includefield', '00081030');
  p.append('includefield', '00201206');
  return json<DicomJson[]>(`${cfg().dicomWebRoot}/studies?${p}`).then((r) => r ?? []);
}

export async function study(studyUid: string): Promise<DicomJson | undefined> {
  const r = await json<DicomJson[]>(`${cfg().dicomWebRoot}/studies?StudyInstanceUID=${studyUid}`);
  return r?.[0];
}

export function seriesOf(studyUid: string): Promise<DicomJson[]> {
  return json<DicomJson[]>(`${cfg().dicomWebRoot}/studies/${studyUid}/series`).then((r) => r ?? []);
}

export function seriesMetadata(studyUid: string, seriesUid: string): Promise<DicomJson[]> {
  return json<DicomJson[]>(`${cfg().dicomWebRoot}/studies/${studyUid}/series/${seriesUid}/metadata`, {
    headers: { Accept: 'application/dicom+json' },
  });
}

export async function instancesOf(studyUid: string): Promise<Set<string>> {
  try {
    const r = await json<DicomJson[]>(`${cfg().dicomWebRoot}/studies/${studyUid}/instances?includefield=00080018`);
    return new Set((r ?? []).map((i) => str(i, T.SOPInstanceUID)));
  } catch {
    return new Set();
  }
}

/** An image (thumbnail) with the token, as an object URL. */
export async function imageUrl(url: string): Promise<string> {
  const r = await request(url, { headers: { Accept: 'image/jpeg, image/png' } });
  return URL.createObjectURL(await r.blob());
}

export interface StowResult {
  status: 'stored' | 'duplicate' | 'rejected';
  reason?: string;
  studyUid?: string;
}

/**
 * Stores one file by STOW-RS (multipart/related; type="application/dicom"), reporting upload
 * progress; the answer's Referenced/Failed SOP Sequence says what happened to it.
 */
export async function stowFile(file: Blob, onProgress: (sent: number) => void): Promise<StowResult> {
  const boundary = 'radflow-' + Math.random().toString(36).slice(2);
  const body = new Blob([
    `--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`,
    file,
    `\r\n--${boundary}--\r\n`,
  ]);
  const auth = await authHeader();
  const xhr = new XMLHttpRequest();
  const done = new Promise<void>((resolve, reject) => {
    xhr.onload = () => resolve();
    xhr.onerror = () => reject(new Error('the server cannot be reached'));
  });
  xhr.open('POST', `${cfg().dicomWebRoot}/studies`);
  xhr.setRequestHeader('Authorization', auth);
  xhr.setRequestHeader('Content-Type', `multipart/related; type="application/dicom"; boundary=${boundary}`);
  xhr.setRequestHeader('Accept', 'application/dicom+json');
  xhr.upload.onprogress = (e) => onProgress(Math.min(e.loaded, file.size));
  xhr.send(body);
  await done;
  onProgress(file.size);
  let answer: DicomJson | null = null;
  try {
    answer = JSON.parse(xhr.responseText);
  } catch {
    answer = null;
  }
  const ok = answer?.['00081199']?.Value?.[0] as DicomJson | undefined;
  const failed = answer?.['00081198']?.Value?.[0] as DicomJson | undefined;
  if (ok && (xhr.status === 200 || xhr.status === 202)) {
    const url = str(ok, '00081190');
    const m = /studies\/([0-9.]+)/.exec(url);
    return { status: 'stored', studyUid: m?.[1] };
  }
  if (failed) {
    const code = num(failed, '00081197');
    const comment = str(failed, '00000902');
    return {
      status: 'rejected',
      reason: `${comment || 'refused'}${code != null ? ` (status ${code.toString(16).toUpperCase()}H)` : ''}`,
    };
  }
  if (xhr.status === 401 || xhr.status === 403) {
    return { status: 'rejected', reason: xhr.status === 403 ? 'your role may not store studies' : 'not logged in' };
  }
  return { status: 'rejected', reason: `${xhr.status} ${xhr.responseText.slice(0, 200) || xhr.statusText}` };
}
