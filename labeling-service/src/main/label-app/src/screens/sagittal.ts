/**
 * L3 on a sagittal reconstruction of the axial series: every slice is loaded, a slab around the
 * chosen column is averaged into a sagittal image (superior at the top, anterior on the left, in
 * true proportions), and a horizontal line picks the axial slice. The pick is kept for the
 * quantification tab and, when the study has a body-composition measurement, sent to the
 * quantification service (PUT …/body-composition/l3), which measures again at that slice.
 */
import { HttpError, json, send } from '../http';
import { cfg, auth } from '../state';
import { huOf, loadAll } from '../imaging';
import { attempt, h, message } from '../ui';
import type { LabelingScreen } from './labeling';

const SLAB = 5;
const BONE = { low: 400 - 900, high: 400 + 900 };

export interface L3State {
  index: number | null;
  aiIndex: number | null;
}

export function l3Key(series: string): string {
  return `radflow.label.l3.${series}`;
}

export function sagittalPanel(panel: HTMLElement, screen: LabelingScreen): void {
  let built = false;
  const canvas = h('canvas', { id: 'sagittal', tabindex: 0, 'aria-label': 'Sagittal reconstruction: click or use the arrow keys to place the L3 line, Enter to use it' }) as HTMLCanvasElement;
  const column = h('input', { type: 'range', id: 'sagittal-column', min: 0, value: 0 }) as HTMLInputElement;
  const info = h('p', { id: 'l3-info', 'aria-live': 'polite' }, 'No L3 slice picked yet.');
  const progress = h('progress', { max: 1, value: 0, 'aria-label': 'Loading slices' }) as HTMLProgressElement;
  const use = h('button', { type: 'button', id: 'use-l3', class: 'primary', disabled: true }, 'Use as L3');
  const show = h('button', { type: 'button', id: 'show-l3', disabled: true }, 'Show this slice');
  panel.append(
    h('p', { class: 'muted' }, 'Pick the axial slice through the middle of the L3 vertebral body.'),
    progress,
    canvas,
    h('label', { for: 'sagittal-column' }, 'Sagittal position', column),
    info,
    h('div', { class: 'row' }, show, auth().canMeasure ? use : null),
  );
  const state: L3State = { index: null, aiIndex: null };
  const saved = localStorage.getItem(l3Key(screen.seriesUid));
  if (saved) {
    state.index = Number(saved);
  }
  (screen as any).l3 = state;
  let image: ImageData | null = null;
  let pending: number | null = state.index;

  const draw = () => {
    if (!image) return;
    const g = canvas.getContext('2d')!;
    g.putImageData(image, 0, 0);
    const n = screen.stack.slices.length;
    const y = (i: number) => ((i + 0.5) / n) * canvas.height;
    if (state.aiIndex != null) {
      g.strokeStyle = '#3fa9f5';
      g.setLineDash([6, 4]);
      g.beginPath();
      g.moveTo(0, y(state.aiIndex));
      g.lineTo(canvas.width, y(state.aiIndex));
      g.stroke();
    }
    if (pending != null) {
      g.setLineDash([]);
      g.strokeStyle = '#ffd400';
      g.lineWidth = 2;
      g.beginPath();
      g.moveTo(0, y(pending));
      g.lineTo(canvas.width, y(pending));
      g.stroke();
    }
    const s = pending == null ? null : screen.stack.slices[pending];
    info.textContent = s
      ? `Line at slice ${pending! + 1} of ${n}${state.index === pending ? ' (used as L3)' : ''}${state.aiIndex != null ? `; the model suggested slice ${state.aiIndex + 1}` : ''}.`
      : 'Click the image to place the L3 line.';
    info.dataset.slice = pending == null ? '' : String(pending);
    use.disabled = pending == null;
    show.disabled = pending == null;
  };

  const render = () => {
    const st = screen.stack;
    const n = st.slices.length;
    const rows = st.rows;
    const cols = st.columns;
    const x0 = Number(column.value);
    // height in pixels so that the proportions are true (slice spacing vs pixel spacing), fitted into 360 px
    const trueHeight = (n * st.sliceSpacing) / st.rowSpacing;
    const scale = Math.min(1, 360 / Math.max(rows, trueHeight));
    canvas.width = Math.max(1, Math.round(rows * scale));
    // at least 4 pixels a slice, so that a short series can still be picked by mouse
    canvas.height = Math.max(1, Math.round(trueHeight * scale), n * 4);
    const img = new ImageData(canvas.width, canvas.height);
    const hu = st.slices.map((s) => huOf(s));
    for (let py = 0; py < canvas.height; py++) {
      const k = Math.min(n - 1, Math.floor((py / canvas.height) * n));
      const slice = hu[k];
      for (let px = 0; px < canvas.width; px++) {
        const r = Math.min(rows - 1, Math.floor(px / scale));
        let sum = 0;
        let m = 0;
        for (let c = Math.max(0, x0 - (SLAB >> 1)); c <= Math.min(cols - 1, x0 + (SLAB >> 1)); c++) {
          sum += slice[r * cols + c];
          m++;
        }
        const v = Math.max(0, Math.min(255, ((sum / m - BONE.low) / (BONE.high - BONE.low)) * 255));
        const o = (py * canvas.width + px) * 4;
        img.data[o] = img.data[o + 1] = img.data[o + 2] = v;
        img.data[o + 3] = 255;
      }
    }
    image = img;
    draw();
  };

  const pickAt = (i: number) => {
    pending = Math.max(0, Math.min(screen.stack.slices.length - 1, i));
    draw();
  };

  canvas.addEventListener('click', (e) => {
    const r = canvas.getBoundingClientRect();
    pickAt(Math.floor(((e.clientY - r.top) / r.height) * screen.stack.slices.length));
  });
  canvas.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowUp') pickAt((pending ?? 0) - 1);
    else if (e.key === 'ArrowDown') pickAt((pending ?? 0) + 1);
    else if (e.key === 'Enter') use.click();
    else return;
    e.preventDefault();
    e.stopPropagation();
  });
  column.addEventListener('change', render);
  show.addEventListener('click', () => pending != null && void screen.lv.go(pending));
  use.addEventListener('click', async () => {
    if (pending == null) return;
    state.index = pending;
    localStorage.setItem(l3Key(screen.seriesUid), String(pending));
    draw();
    void screen.lv.go(pending);
    const sop = screen.stack.slices[pending].sopInstanceUID;
    try {
      await send(`${quant()}/studies/${screen.studyUid}/body-composition/l3`, 'PUT', { sopInstanceUID: sop });
      message('ok', `L3 set to slice ${pending + 1}; the quantification service measures again at it.`);
    } catch (e) {
      if (e instanceof HttpError && e.status === 404) {
        message('ok', `L3 set to slice ${pending + 1}; it is used when you compute the body composition.`);
      } else {
        message('error', `L3 kept here (slice ${pending + 1}), but the quantification service did not take it: ${(e as Error).message}`);
      }
    }
  });

  panel.addEventListener('shown', async () => {
    if (built) return;
    built = true;
    column.max = String(screen.stack.columns - 1);
    column.value = String(screen.stack.columns >> 1);
    progress.max = screen.stack.slices.length;
    const ok = await attempt('Loading the slices for the sagittal view', async () => {
      await loadAll(screen.stack, (n) => (progress.value = n));
      return true;
    });
    progress.hidden = true;
    if (!ok) {
      built = false;
      return;
    }
    try {
      render();
    } catch (e) {
      message('error', `The sagittal view failed: ${(e as Error).message}`);
      return;
    }
    // the model's suggestion, when the study has a body-composition result
    try {
      const r = await json<any>(`${quant()}/studies/${screen.studyUid}/body-composition`);
      const sop = r?.result?.l3?.sopInstanceUid;
      const at = screen.stack.slices.findIndex((s) => s.sopInstanceUID === sop);
      if (at >= 0 && r.result.l3.source === 'MODEL') {
        state.aiIndex = at;
        if (pending == null) pending = at;
      }
    } catch {
      // no result yet
    }
    draw();
    canvas.focus();
  });
}

export function quant(): string {
  return cfg().quantificationUrl.replace(/\/$/, '') + '/api/v1';
}
