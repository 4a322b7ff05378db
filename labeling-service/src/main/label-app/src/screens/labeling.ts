/**
 * The labeling screen: the series in a Cornerstone3D stack viewport with its labelmap; manual
 * (brush, freehand polygon, eraser), semi-automatic (histogram back projection, GrabCut, HU
 * threshold: the server answers a mask, merged as one undoable step) and AI-assisted labeling (the
 * model's pre-labels as the starting version); versions with history, diff and revert; save with
 * conflict detection; publish as SEG; the sagittal L3 pick and the quantification tab.
 */
import { json, send, HttpError } from '../http';
import { auth, cfg } from '../state';
import { seriesMetadata } from '../dicomweb';
import { LabelViewport, PRESETS, onLabelsModified, stackOf, type Mode, type SeriesStack } from '../imaging';
import { decodeMask, encodeMask } from '../rle';
import { attempt, clear, contextMenu, errorText, h, message, setShortcuts } from '../ui';
import { sagittalPanel } from './sagittal';
import { quantificationPanel } from './quantification';

interface Segment {
  number: number;
  label: string;
  rgb?: number[];
  category?: { value: string; scheme: string; meaning: string };
  type?: { value: string; scheme: string; meaning: string };
  model?: string;
}

interface LabelSet {
  id: number;
  name: string;
  currentVersion: number;
  rows: number;
  columns: number;
  firstSlice?: number;
  lastSlice?: number;
  importedFrom?: string;
  createdBy: string;
}

interface Version {
  version: number;
  author: string;
  createdAt: string;
  source: string;
  sourceDetail?: string;
  comment?: string;
  changedSlices: number;
  publishedSopInstanceUID?: string;
  segments: Segment[];
}

const DEFAULT_SEGMENTS: Segment[] = [
  { number: 1, label: 'Skeletal muscle' },
  { number: 2, label: 'Subcutaneous fat' },
  { number: 3, label: 'Visceral fat' },
  { number: 4, label: 'Intermuscular fat' },
];

const UNSAVED = (study: string, series: string) => `radflow.label.unsaved.${study}.${series}`;

export class LabelingScreen {
  lv!: LabelViewport;
  stack!: SeriesStack;
  set: LabelSet | null = null;
  version = 0;
  segments: Segment[] = [];
  /** the labelmap of each slice as last loaded or saved (null: empty) */
  base: (Uint8Array | null)[] = [];
  tools = new Set<string>();
  active = 1;
  mode: Mode = 'window';
  readonly write = auth().canWrite;
  private readonly el: Record<string, HTMLElement> = {};
  private dragStart: { x: number; y: number } | null = null;
  private polygon: { x: number; y: number }[] = [];

  constructor(
    private readonly main: HTMLElement,
    readonly studyUid: string,
    readonly seriesUid: string,
    private readonly params: URLSearchParams,
  ) {}

  async open(): Promise<void> {
    const busy = h('p', { class: 'busy' }, 'Loading the series…');
    this.main.append(busy);
    const meta = await attempt('Reading the series', () => seriesMetadata(this.studyUid, this.seriesUid));
    busy.remove();
    if (!meta) {
      return;
    }
    try {
      this.stack = stackOf(this.studyUid, this.seriesUid, meta);
    } catch (e) {
      message('error', errorText(e));
      return;
    }
    this.base = new Array(this.stack.slices.length).fill(null);
    document.body.dataset.rows = String(this.stack.rows);
    document.body.dataset.columns = String(this.stack.columns);
    this.layout();
    this.lv = new LabelViewport(this.el.viewport as HTMLDivElement, this.stack, `${this.seriesUid}`);
    const first = Number(this.params.get('from') ?? 0);
    await this.lv.show(Math.min(first, this.stack.slices.length - 1));
    this.el.viewport.addEventListener('CORNERSTONE_STACK_NEW_IMAGE' as any, () => this.status());
    this.el.viewport.addEventListener('CORNERSTONE_VOI_MODIFIED' as any, () => this.status());
    this.stopListening = onLabelsModified(this.lv.segmentationId, () => this.dirtyChanged());
    this.status();
    this.setMode('window');
    auth().onLeaving = () => {
      this.keepUnsaved();
      window.onbeforeunload = null; // kept in the tab: no "leave the page?" on the way to the login page
    };
    window.onbeforeunload = (e) => {
      if (this.dirty()) {
        e.preventDefault();
      }
    };
    await this.refreshSets();
    const wanted = Number(this.params.get('set') ?? 0);
    const sets = await this.listSets();
    const pick = sets.find((s) => s.id === wanted) ?? (this.hasUnsaved() ? sets.find((s) => s.id === this.unsavedSetId()) : undefined);
    if (pick) {
      await this.load(pick, 'current');
    }
    this.restoreUnsaved();
    this.shortcuts();
    (this.el.viewport as HTMLElement).focus();
  }

  // ---------------------------------------------------------------- layout

  private layout(): void {
    const n = this.stack.slices.length;
    const modeButton = (mode: Mode, label: string, key: string, writeOnly = true) =>
      writeOnly && !this.write
        ? null
        : h('button', { type: 'button', class: 'mode', 'data-mode': mode, 'aria-pressed': 'false', title: `${label} (${key})`, onclick: () => this.setMode(mode) }, label);
    const brush = h('input', { type: 'range', id: 'brush-size', min: 1, max: 40, value: 8 }) as HTMLInputElement;
    brush.addEventListener('input', () => this.lv.setBrushSize(Number(brush.value)));
    const opacity = h('input', { type: 'range', id: 'label-opacity', min: 0, max: 100, value: 50 }) as HTMLInputElement;
    opacity.addEventListener('input', () => this.lv.setOpacity(Number(opacity.value) / 100));
    const low = h('input', { type: 'number', id: 'hu-low', value: -29, step: 1 }) as HTMLInputElement;
    const high = h('input', { type: 'number', id: 'hu-high', value: 150, step: 1 }) as HTMLInputElement;
    this.el.segments = h('ul', { class: 'segments', 'aria-label': 'Segments' });
    const tools = h(
      'aside',
      { class: 'tools', 'aria-label': 'Tools' },
      h('h2', {}, 'Tools'),
      h('div', { class: 'mode-buttons', role: 'group', 'aria-label': 'Mouse tool' },
        modeButton('window', 'Window', 'W', false),
        modeButton('brush', 'Brush', 'B'),
        modeButton('eraser', 'Eraser', 'E'),
        modeButton('polygon', 'Freehand polygon', 'P'),
        modeButton('back-projection', 'Back projection', 'H'),
        modeButton('grabcut', 'GrabCut', 'G'),
      ),
      this.write ? h('label', { for: 'brush-size' }, 'Brush size', brush) : null,
      this.write
        ? h('fieldset', { class: 'threshold' }, h('legend', {}, 'HU threshold'),
            h('label', { for: 'hu-low' }, 'from', low), h('label', { for: 'hu-high' }, 'to', high),
            h('button', { type: 'button', id: 'threshold-apply', title: 'Threshold this slice (T)', onclick: () => void this.threshold(Number(low.value), Number(high.value)) }, 'Apply to slice'))
        : null,
      this.write
        ? h('div', { class: 'row' },
            h('button', { type: 'button', id: 'undo', title: 'Undo (Ctrl+z)', onclick: () => this.undo() }, 'Undo'),
            h('button', { type: 'button', id: 'redo', title: 'Redo (Ctrl+y)', onclick: () => this.redo() }, 'Redo'))
        : null,
      h('h2', {}, 'Segments'),
      this.el.segments,
      h('label', { for: 'label-opacity' }, 'Label opacity', opacity),
      h('div', { class: 'row' },
        h('button', { type: 'button', id: 'reset-view', title: 'Reset view (R)', onclick: () => this.lv.reset() }, 'Reset view')),
    );
    this.el.viewport = h('div', { class: 'viewport', id: 'viewport', tabindex: 0, 'aria-label': `Image viewer: ${n} slices; arrows change slice, right-click for window presets` });
    this.el.overlay = h('div', { class: 'overlay', id: 'overlay' });
    this.el.status = h('div', { class: 'view-status', id: 'view-status', 'aria-live': 'polite' });
    const view = h('section', { class: 'view', 'aria-label': 'Image' }, this.el.viewport, this.el.overlay, this.el.status);
    this.el.save = h('button', { type: 'button', id: 'save', class: 'primary', title: 'Save a new version (Ctrl+s)', onclick: () => void this.save() }, 'Save');
    this.el.publish = h('button', { type: 'button', id: 'publish', title: 'Publish the saved version as DICOM SEG', onclick: () => void this.publish() }, 'Publish as SEG');
    this.el.comment = h('input', { id: 'save-comment', placeholder: 'comment (optional)', 'aria-label': 'Comment of the next version' });
    this.el.setInfo = h('div', { id: 'set-info', 'aria-live': 'polite' });
    this.el.sets = h('ul', { class: 'sets', id: 'label-sets' });
    this.el.versions = h('ol', { class: 'versions', id: 'versions', reversed: true });
    this.el.diff = h('div', { id: 'diff' });
    const newName = h('input', { id: 'new-set-name', value: 'Body composition', 'aria-label': 'Name of a new label set' }) as HTMLInputElement;
    const labelsPanel = h(
      'div',
      { class: 'panel', id: 'panel-labels', role: 'tabpanel', 'aria-labelledby': 'tab-labels' },
      this.el.setInfo,
      this.write ? h('div', { class: 'row' }, this.el.save, this.el.publish) : null,
      this.write ? this.el.comment : null,
      h('h3', {}, 'Label sets of this series ', h('button', { type: 'button', id: 'refresh-sets', class: 'link', onclick: () => void this.refreshSets() }, 'refresh')),
      this.el.sets,
      this.write
        ? h('div', { class: 'row' }, newName, h('button', { type: 'button', id: 'new-set', onclick: () => void this.create(newName.value) }, 'New label set'))
        : null,
      h('h3', {}, 'Versions'),
      this.el.versions,
      this.el.diff,
    );
    const l3Panel = h('div', { class: 'panel', id: 'panel-l3', role: 'tabpanel', 'aria-labelledby': 'tab-l3', hidden: true });
    const quantPanel = h('div', { class: 'panel', id: 'panel-quant', role: 'tabpanel', 'aria-labelledby': 'tab-quant', hidden: true });
    const panels = [labelsPanel, l3Panel, quantPanel];
    const tabs = [
      ['tab-labels', 'Labels'],
      ['tab-l3', 'L3 (sagittal)'],
      ['tab-quant', 'Quantification'],
    ].map(([id, label], i) =>
      h('button', { type: 'button', role: 'tab', id, 'aria-selected': i === 0 ? 'true' : 'false', 'aria-controls': panels[i].id, onclick: () => this.tab(i) }, label),
    );
    this.el.tabs = h('div', { role: 'tablist', 'aria-label': 'Panels' }, ...tabs);
    const side = h('aside', { class: 'side', 'aria-label': 'Label sets, L3 and quantification' }, this.el.tabs, ...panels);
    this.main.append(
      h('h1', { class: 'compact' }, 'Labeling ', h('small', {}, h('a', { href: `#/study/${this.studyUid}` }, 'back to the series'))),
      h('div', { class: 'label-screen' }, tools, view, side),
    );
    this.panels = panels;
    this.wireOverlay();
    sagittalPanel(l3Panel, this);
    quantificationPanel(quantPanel, this);
  }

  panels: HTMLElement[] = [];

  tab(i: number): void {
    this.panels.forEach((p, k) => (p.hidden = k !== i));
    [...this.el.tabs.querySelectorAll('[role=tab]')].forEach((t, k) => t.setAttribute('aria-selected', String(k === i)));
    this.panels[i].dispatchEvent(new Event('shown'));
  }

  status(): void {
    if (!this.lv) return;
    const w = this.lv.window();
    const i = this.lv.index;
    this.el.status.textContent = `Slice ${i + 1} / ${this.stack.slices.length} · W ${Math.round(w.width)} L ${Math.round(w.center)}${this.dirty() ? ' · unsaved changes' : ''}`;
    this.el.status.dataset.slice = String(i);
  }

  setMode(mode: Mode): void {
    if (mode !== 'window' && !this.write) return;
    this.mode = mode;
    this.lv.setMode(mode);
    const overlay = mode === 'polygon' || mode === 'back-projection' || mode === 'grabcut';
    this.el.overlay.classList.toggle('active', overlay);
    this.main.querySelectorAll('button.mode').forEach((b) => b.setAttribute('aria-pressed', String((b as HTMLElement).dataset.mode === mode)));
  }

  // ---------------------------------------------------------------- segments

  renderSegments(): void {
    clear(this.el.segments);
    for (const s of this.segments) {
      const rgb = s.rgb ?? [200, 200, 0];
      this.lv.setSegmentColor(s.number, rgb);
      const visible = h('input', { type: 'checkbox', checked: true, id: `seg-visible-${s.number}`, 'aria-label': `Show ${s.label}` }) as HTMLInputElement;
      visible.addEventListener('change', () => this.lv.setSegmentVisible(s.number, visible.checked));
      const pick = h('input', { type: 'radio', name: 'active-segment', id: `seg-active-${s.number}`, checked: s.number === this.active, 'aria-label': `Label with ${s.label}` }) as HTMLInputElement;
      pick.addEventListener('change', () => this.activate(s.number));
      const code = s.type ? `${s.type.meaning} (${s.type.scheme} ${s.type.value})` : '';
      this.el.segments.append(
        h('li', { 'data-segment': s.number },
          pick,
          h('span', { class: 'swatch', style: { background: `rgb(${rgb.join(',')})` }, 'aria-hidden': 'true' }),
          h('label', { for: `seg-active-${s.number}` }, `${s.number} ${s.label}`),
          visible,
          h('div', { class: 'code muted' }, code, s.model ? ` · from ${s.model}` : '')),
      );
    }
    if (!this.segments.find((s) => s.number === this.active) && this.segments.length) {
      this.activate(this.segments[0].number);
    }
  }

  activate(n: number): void {
    this.active = n;
    this.lv.setActiveSegment(n);
    const r = this.main.querySelector(`#seg-active-${n}`) as HTMLInputElement | null;
    if (r) r.checked = true;
  }

  // ---------------------------------------------------------------- label sets and versions

  async listSets(): Promise<LabelSet[]> {
    return (await attempt('Reading the label sets', () => json<LabelSet[]>(`${cfg().apiRoot}/label-sets?study=${this.studyUid}&series=${this.seriesUid}`))) ?? [];
  }

  async refreshSets(): Promise<void> {
    const sets = await this.listSets();
    clear(this.el.sets);
    if (sets.length === 0) {
      this.el.sets.append(h('li', { class: 'muted' }, 'None yet. ', this.write ? 'Create one below, or wait for the AI pre-labels.' : ''));
    }
    for (const s of sets) {
      const ai = s.createdBy === 'inference-service' || !!s.importedFrom;
      this.el.sets.append(
        h('li', { 'data-set': s.id, class: this.set?.id === s.id ? 'current' : '' },
          h('button', { type: 'button', class: 'load-set', 'data-ai': String(ai), onclick: () => void this.load(s, 'current') },
            `${ai ? 'AI pre-labels: ' : ''}${s.name} (v${s.currentVersion})`)),
      );
    }
  }

  async load(s: LabelSet, which: number | 'current'): Promise<void> {
    if (this.dirty() && !confirm('Discard your unsaved changes and load this label set?')) {
      return;
    }
    const content = await attempt('Loading the labels', () => json<any>(`${cfg().apiRoot}/label-sets/${s.id}/versions/${which}`));
    if (!content) return;
    this.set = (await json<LabelSet>(`${cfg().apiRoot}/label-sets/${s.id}`)) ?? s;
    this.version = content.version.version;
    this.segments = content.version.segments;
    this.fill(content);
    this.tools.clear();
    this.renderSegments();
    await this.refreshSets();
    await this.refreshVersions();
    this.setInfo();
    this.status();
  }

  /** Writes a version's masks into the labelmap (higher segment numbers over lower ones). */
  private fill(content: any): void {
    const bySop = new Map(this.stack.slices.map((sl) => [`${sl.sopInstanceUID}/${sl.frame}`, sl.index]));
    const pixels = this.stack.rows * this.stack.columns;
    for (let i = 0; i < this.stack.slices.length; i++) {
      this.lv.labels(i).fill(0);
    }
    const slices = [...content.slices].sort((a: any, b: any) => a.segment - b.segment);
    for (const sl of slices) {
      const i = bySop.get(`${sl.sopInstanceUID}/${sl.frame}`);
      if (i == null || !sl.mask) continue;
      const live = this.lv.labels(i);
      decodeMask(sl.mask, pixels, (k) => (live[k] = sl.segment));
    }
    this.base = this.stack.slices.map((_, i) => {
      const l = this.lv.labels(i);
      return l.some((v) => v !== 0) ? Uint8Array.from(l) : null;
    });
    this.untouched();
    this.lv.changed();
  }

  setInfo(): void {
    clear(this.el.setInfo);
    if (!this.set) {
      this.el.setInfo.append(h('p', { class: 'muted' }, 'No label set loaded.'));
      return;
    }
    this.el.setInfo.append(h('p', {}, h('strong', {}, this.set.name), ` · version ${this.version}`, this.version !== this.set.currentVersion ? ` (current: ${this.set.currentVersion})` : ''));
  }

  async refreshVersions(): Promise<void> {
    if (!this.set) return;
    const list = await attempt('Reading the versions', () => json<Version[]>(`${cfg().apiRoot}/label-sets/${this.set!.id}/versions`));
    if (!list) return;
    clear(this.el.versions);
    for (const v of [...list].reverse()) {
      const when = new Date(v.createdAt).toLocaleString();
      this.el.versions.append(
        h('li', { 'data-version': v.version, value: v.version },
          h('span', { class: 'v' }, `v${v.version}`), ' ',
          h('span', { class: 'source' }, v.source + (v.sourceDetail ? ` (${v.sourceDetail})` : '')), ' · ',
          h('span', { class: 'author' }, v.author), ' · ', h('time', { datetime: v.createdAt }, when),
          v.comment ? h('div', { class: 'muted' }, v.comment) : null,
          v.publishedSopInstanceUID ? h('div', { class: 'muted' }, 'published as SEG') : null,
          h('div', { class: 'row' },
            h('button', { type: 'button', class: 'diff', onclick: () => void this.diff(v.version) }, 'Diff with current'),
            this.write && v.version !== this.set!.currentVersion
              ? h('button', { type: 'button', class: 'revert', onclick: () => void this.revert(v.version) }, 'Revert to this')
              : null)),
      );
    }
  }

  async diff(from: number): Promise<void> {
    if (!this.set) return;
    const to = this.set.currentVersion;
    const d = await attempt('Comparing versions', () => json<any>(`${cfg().apiRoot}/label-sets/${this.set!.id}/diff?from=${from}&to=${to}`));
    if (!d) return;
    const bySop = new Map(this.stack.slices.map((s) => [s.sopInstanceUID, s.index]));
    const name = (n: number) => this.segments.find((s) => s.number === n)?.label ?? `segment ${n}`;
    clear(this.el.diff);
    this.el.diff.append(
      h('h3', {}, `Changes from v${from} to v${to}`),
      h('p', { id: 'diff-totals' }, `+${d.added} pixels added, −${d.removed} removed, ${d.slices.length} slice masks`),
      h('table', { class: 'list' },
        h('thead', {}, h('tr', {}, ...['Slice', 'Segment', 'Added', 'Removed'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, ...d.slices.map((s: any) => {
          const i = bySop.get(s.sopInstanceUID);
          return h('tr', {},
            h('td', {}, i == null ? '?' : h('button', { type: 'button', class: 'link', onclick: () => void this.lv.go(i) }, String(i + 1))),
            h('td', {}, name(s.segment)), h('td', { class: 'num' }, s.added), h('td', { class: 'num' }, s.removed));
        }))),
    );
  }

  async revert(to: number): Promise<void> {
    if (!this.set) return;
    if (this.dirty() && !confirm('Discard your unsaved changes and revert?')) return;
    const v = await attempt('Reverting', () => send<Version>(`${cfg().apiRoot}/label-sets/${this.set!.id}/revert`, 'POST', { toVersion: to, baseVersion: this.set!.currentVersion }));
    if (v) {
      message('ok', `Reverted to v${to} as v${v.version}.`);
      await this.load(this.set, 'current');
    }
  }

  async create(name: string): Promise<void> {
    const body: any = {
      studyInstanceUID: this.studyUid,
      seriesInstanceUID: this.seriesUid,
      name: name || 'Labels',
      segments: DEFAULT_SEGMENTS,
    };
    if (this.params.get('from') != null) {
      body.firstSlice = Number(this.params.get('from'));
      body.lastSlice = Number(this.params.get('to'));
    }
    const s = await attempt('Creating the label set', () => send<LabelSet>(`${cfg().apiRoot}/label-sets`, 'POST', body));
    if (s) {
      await this.load(s, 'current');
      message('ok', `Label set "${s.name}" created.`);
    }
  }

  // ---------------------------------------------------------------- save, publish

  /** Slices whose labels differ from the loaded or saved version. */
  changedSlices(): number[] {
    if (!this.lv) return [];
    const out: number[] = [];
    // only the slices edited since the last load or save are compared (a 300-slice series in full takes
    // ~80 ms); an undo or redo of a brush stroke may change any slice
    const candidates = this.touchAll ? this.stack.slices.map((s) => s.index) : [...this.touched].sort((a, b) => a - b);
    for (const i of candidates) {
      const live = this.lv.labels(i);
      const b = this.base[i];
      let differs = false;
      if (b == null) {
        for (let k = 0; k < live.length; k++) if (live[k] !== 0) { differs = true; break; }
      } else {
        for (let k = 0; k < live.length; k++) if (live[k] !== b[k]) { differs = true; break; }
      }
      if (differs) out.push(i);
      else this.touched.delete(i);
    }
    if (this.touchAll) {
      this.touchAll = false;
      this.touched = new Set(out);
    }
    return out;
  }

  /** Slices edited since the last load or save (candidates for changedSlices). */
  touched = new Set<number>();
  touchAll = false;

  private untouched(): void {
    this.touched.clear();
    this.touchAll = false;
  }

  dirty(): boolean {
    return this.changedSlices().length > 0;
  }

  dirtyChanged(): void {
    this.touched.add(this.lv.index);
    this.status();
    if (this.mode === 'brush') this.tools.add('manual');
    if (this.mode === 'eraser') this.tools.add('manual');
  }

  /** The changed masks: per changed slice, each segment whose pixels changed there. */
  private changes(): any[] {
    const out: any[] = [];
    for (const i of this.changedSlices()) {
      const live = this.lv.labels(i);
      const b = this.base[i];
      const slice = this.stack.slices[i];
      const segs = new Set<number>();
      for (let k = 0; k < live.length; k++) {
        const was = b ? b[k] : 0;
        if (live[k] !== was) {
          if (live[k]) segs.add(live[k]);
          if (was) segs.add(was);
        }
      }
      for (const s of segs) {
        const has = live.includes(s);
        out.push({ sopInstanceUID: slice.sopInstanceUID, frame: slice.frame, segment: s, mask: has ? encodeMask(live, s) : '' });
      }
    }
    return out;
  }

  private source(): string {
    for (const t of ['grabcut', 'back-projection', 'threshold']) {
      if (this.tools.has(t)) return t;
    }
    return 'manual';
  }

  async save(): Promise<boolean> {
    if (!this.write) return false;
    if (!this.set) {
      message('error', 'Create or load a label set first.');
      return false;
    }
    // what is sent is what becomes the saved state (edits made while the request runs stay unsaved)
    const snapshot = new Map(this.changedSlices().map((i) => [i, Uint8Array.from(this.lv.labels(i))]));
    const slices = this.changes();
    if (slices.length === 0) {
      message('info', 'Nothing changed since the last version.');
      return true;
    }
    const comment = (this.el.comment as HTMLInputElement).value.trim() || [...this.tools].join(', ');
    const body = { baseVersion: this.version, source: this.source(), comment, slices };
    try {
      const v = await send<Version>(`${cfg().apiRoot}/label-sets/${this.set.id}/versions`, 'POST', body);
      this.afterSave(v, snapshot);
      return true;
    } catch (e) {
      if (e instanceof HttpError && e.status === 409) {
        this.conflict(e.body?.currentVersion, body, snapshot);
      } else {
        message('error', `Saving failed: ${errorText(e)}. Your labels are still here; try again.`);
      }
      return false;
    }
  }

  private afterSave(v: Version, snapshot: Map<number, Uint8Array>): void {
    this.version = v.version;
    this.set!.currentVersion = v.version;
    for (const [i, l] of snapshot) {
      this.base[i] = l.some((x) => x !== 0) ? l : null;
    }
    this.touchAll = true; // the next check finds what was edited during the request
    this.tools.clear();
    (this.el.comment as HTMLInputElement).value = '';
    sessionStorage.removeItem(UNSAVED(this.studyUid, this.seriesUid));
    message('ok', `Saved as version ${v.version}.`);
    this.setInfo();
    this.status();
    void this.refreshVersions();
    void this.refreshSets();
  }

  private conflict(current: number, body: any, snapshot: Map<number, Uint8Array>): void {
    const box = h('div', { class: 'message error conflict', role: 'alert', id: 'conflict' },
      h('p', {}, `Someone else saved version ${current} of this label set after you started from version ${this.version}. Nothing of yours was stored; your labels are still here.`),
      h('button', { type: 'button', id: 'conflict-overwrite', onclick: async () => {
        box.remove();
        try {
          const v = await send<Version>(`${cfg().apiRoot}/label-sets/${this.set!.id}/versions`, 'POST', { ...body, baseVersion: current, comment: `${body.comment} (saved over v${current})` });
          this.afterSave(v, snapshot);
        } catch (e) {
          message('error', `Saving failed: ${errorText(e)}`);
        }
      } }, `Save my changed slices over version ${current}`),
      h('button', { type: 'button', id: 'conflict-load', onclick: () => { box.remove(); this.base = []; void this.load(this.set!, 'current'); } }, `Discard mine, load version ${current}`),
      h('button', { type: 'button', onclick: () => box.remove() }, 'Keep editing'));
    document.getElementById('messages')!.append(box);
  }

  async publish(): Promise<any> {
    if (!this.set) {
      message('error', 'Create or load a label set first.');
      return null;
    }
    if (this.dirty() && !(await this.save())) {
      return null;
    }
    const p = await attempt('Publishing as SEG', () => send<any>(`${cfg().apiRoot}/label-sets/${this.set!.id}/publish?version=${this.version}`, 'POST', {}));
    if (p) {
      const link = `${cfg().viewerPath}viewer?StudyInstanceUIDs=${this.studyUid}`;
      const box = h('div', { class: 'message ok', id: 'published' }, `Version ${this.version} published as DICOM SEG (series ${p.seriesInstanceUID}). `,
        h('a', { href: link, target: '_blank', rel: 'noopener' }, 'Open in OHIF'),
        h('button', { type: 'button', class: 'dismiss', 'aria-label': 'Dismiss', onclick: () => box.remove() }, '×'));
      document.getElementById('published')?.remove();
      document.getElementById('messages')!.append(box);
      setTimeout(() => box.remove(), 12000);
      void this.refreshVersions();
    }
    return p;
  }

  // ---------------------------------------------------------------- unsaved work across a new login

  private keepUnsaved(): void {
    if (!this.set || !this.dirty()) return;
    sessionStorage.setItem(UNSAVED(this.studyUid, this.seriesUid), JSON.stringify({ set: this.set.id, version: this.version, slices: this.changes(), tools: [...this.tools] }));
  }

  private hasUnsaved(): boolean {
    return !!sessionStorage.getItem(UNSAVED(this.studyUid, this.seriesUid));
  }

  private unsavedSetId(): number {
    return JSON.parse(sessionStorage.getItem(UNSAVED(this.studyUid, this.seriesUid)) || '{}').set;
  }

  private restoreUnsaved(): void {
    const raw = sessionStorage.getItem(UNSAVED(this.studyUid, this.seriesUid));
    if (!raw || !this.set) return;
    const u = JSON.parse(raw);
    if (u.set !== this.set.id) return;
    const bySop = new Map(this.stack.slices.map((s) => [`${s.sopInstanceUID}/${s.frame}`, s.index]));
    const px = this.stack.rows * this.stack.columns;
    for (const sl of u.slices) {
      const i = bySop.get(`${sl.sopInstanceUID}/${sl.frame}`);
      if (i == null) continue;
      const live = this.lv.labels(i);
      for (let k = 0; k < live.length; k++) if (live[k] === sl.segment) live[k] = 0;
      if (sl.mask) decodeMask(sl.mask, px, (k) => (live[k] = sl.segment));
    }
    this.touchAll = true;
    this.version = u.version;
    u.tools.forEach((t: string) => this.tools.add(t));
    this.lv.changed();
    this.setInfo();
    this.status();
    message('info', 'Your unsaved labels from before the new login were restored; save them when ready.');
  }

  // ---------------------------------------------------------------- server tools

  private frameRef(): any {
    const s = this.stack.slices[this.lv.index];
    return { studyInstanceUID: this.studyUid, seriesInstanceUID: this.seriesUid, sopInstanceUID: s.sopInstanceUID, frame: s.frame };
  }

  /** Merges a server mask into the current slice as one undoable step (unlabelled pixels only). */
  private merge(tool: string, answer: { mask: string; rows: number; columns: number }, index: number): number {
    let n = 0;
    const seg = this.active;
    this.lv.edit(index, (live) => {
      decodeMask(answer.mask, answer.rows * answer.columns, (k) => {
        if (live[k] === 0) {
          live[k] = seg;
          n++;
        }
      });
    }, () => {
      this.touched.add(index);
      this.status();
    });
    this.tools.add(tool);
    return n;
  }

  private async runTool(tool: string, body: any): Promise<void> {
    const index = this.lv.index;
    const t0 = performance.now();
    this.el.status.dataset.busy = tool;
    const r = await attempt(`${tool}`, () => send<any>(`${cfg().apiRoot}/tools/${tool}`, 'POST', { frame: this.frameRef(), ...body }));
    delete this.el.status.dataset.busy;
    if (!r) return;
    const n = this.merge(tool, r, index);
    const answered = performance.now();
    // shown: this animation frame runs after the one in which Cornerstone draws the merged labelmap
    await new Promise<void>((done) => requestAnimationFrame(() => done()));
    const ms = Math.round(performance.now() - t0);
    this.el.status.dataset.lastTool = tool;
    this.el.status.dataset.lastToolMs = String(ms);
    this.el.status.dataset.lastToolRequestMs = String(Math.round(answered - t0));
    this.el.status.dataset.lastToolPixels = String(n);
    this.el.status.dataset.lastToolMask = String(r.pixels);
    this.el.status.dataset.toolRuns = String(Number(this.el.status.dataset.toolRuns ?? 0) + 1);
    message('info', `${tool}: ${r.pixels} pixels (${n} new) in ${ms} ms`);
  }

  async threshold(low: number, high: number): Promise<void> {
    if (!(low < high)) {
      message('error', 'The HU range needs from < to.');
      return;
    }
    await this.runTool('threshold', { low, high });
  }

  private huWindow(): { low: number; high: number } {
    const w = this.lv.window();
    return { low: Math.round(w.center - w.width / 2), high: Math.round(w.center + w.width / 2) };
  }

  // ---------------------------------------------------------------- overlay: rectangles and polygons

  private wireOverlay(): void {
    const ov = this.el.overlay;
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    ov.append(svg);
    const local = (e: PointerEvent) => {
      const r = ov.getBoundingClientRect();
      return { x: e.clientX - r.left, y: e.clientY - r.top };
    };
    ov.addEventListener('pointerdown', (e) => {
      if (e.button !== 0) return;
      ov.setPointerCapture(e.pointerId);
      this.dragStart = local(e);
      this.polygon = [this.dragStart];
    });
    ov.addEventListener('pointermove', (e) => {
      if (!this.dragStart) return;
      const p = local(e);
      if (this.mode === 'polygon') {
        this.polygon.push(p);
        svg.innerHTML = `<polyline points="${this.polygon.map((q) => `${q.x},${q.y}`).join(' ')}" />`;
      } else {
        const x = Math.min(p.x, this.dragStart.x), y = Math.min(p.y, this.dragStart.y);
        svg.innerHTML = `<rect x="${x}" y="${y}" width="${Math.abs(p.x - this.dragStart.x)}" height="${Math.abs(p.y - this.dragStart.y)}" />`;
      }
    });
    ov.addEventListener('pointerup', (e) => {
      if (!this.dragStart) return;
      const start = this.dragStart;
      const end = local(e);
      this.dragStart = null;
      svg.innerHTML = '';
      if (this.mode === 'polygon') {
        this.fillPolygon(this.polygon.map((p) => this.lv.toPixel(p.x, p.y)));
        return;
      }
      const a = this.lv.toPixel(start.x, start.y);
      const b = this.lv.toPixel(end.x, end.y);
      const x0 = Math.max(0, Math.round(Math.min(a.x, b.x)));
      const y0 = Math.max(0, Math.round(Math.min(a.y, b.y)));
      const x1 = Math.min(this.stack.columns, Math.round(Math.max(a.x, b.x)));
      const y1 = Math.min(this.stack.rows, Math.round(Math.max(a.y, b.y)));
      if (x1 - x0 < 2 || y1 - y0 < 2) {
        message('info', 'Draw a larger rectangle.');
        return;
      }
      const rect = { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
      if (this.mode === 'back-projection') {
        void this.runTool('back-projection', { sample: rect, window: this.huWindow() });
      } else if (this.mode === 'grabcut') {
        void this.runTool('grabcut', { rect, window: this.huWindow() });
      }
    });
    const menu = (e: MouseEvent) => {
      e.preventDefault();
      contextMenu(e.clientX, e.clientY, [
        ...PRESETS.map((p) => ({ label: `${p.name} (W ${p.width} L ${p.center})`, run: () => this.preset(p.name) })),
        { label: 'Reset view', run: () => this.lv.reset() },
      ]);
    };
    ov.addEventListener('contextmenu', menu);
    this.el.viewport.addEventListener('contextmenu', menu);
  }

  preset(name: string): void {
    const p = PRESETS.find((x) => x.name === name)!;
    this.lv.setWindow(p.center, p.width);
    this.el.status.dataset.preset = p.name;
    this.status();
  }

  /** Fills a freehand polygon (image pixels) with the active segment, as one undoable step. */
  private fillPolygon(points: { x: number; y: number }[]): void {
    if (points.length < 3) return;
    const { rows, columns } = this.stack;
    const c = new OffscreenCanvas(columns, rows);
    const g = c.getContext('2d')!;
    g.fillStyle = '#fff';
    g.beginPath();
    points.forEach((p, i) => (i ? g.lineTo(p.x, p.y) : g.moveTo(p.x, p.y)));
    g.closePath();
    g.fill();
    const px = g.getImageData(0, 0, columns, rows).data;
    const seg = this.active;
    const index = this.lv.index;
    this.lv.edit(index, (live) => {
      for (let k = 0; k < live.length; k++) {
        if (px[k * 4 + 3] > 127) live[k] = seg;
      }
    }, () => {
      this.touched.add(index);
      this.status();
    });
    this.tools.add('manual');
  }

  // ---------------------------------------------------------------- keyboard

  private shortcuts(): void {
    const s = (keys: string, what: string, run: (e: KeyboardEvent) => void) => ({ keys, what, run });
    const list = [
      s('ArrowUp / ArrowLeft', 'Previous slice (towards the head)', () => void this.lv.go(this.lv.index - 1)),
      s('ArrowDown / ArrowRight', 'Next slice', () => void this.lv.go(this.lv.index + 1)),
      s('PageUp', '10 slices up', () => void this.lv.go(this.lv.index - 10)),
      s('PageDown', '10 slices down', () => void this.lv.go(this.lv.index + 10)),
      s('w', 'Window with the mouse (left drag)', () => this.setMode('window')),
      ...PRESETS.map((p) => s(p.key, `${p.name} window preset`, () => this.preset(p.name))),
      s('r', 'Reset view', () => this.lv.reset()),
      s('+ / =', 'Zoom in', () => this.lv.zoom(1.25)),
      s('-', 'Zoom out', () => this.lv.zoom(0.8)),
      s('v', 'Show or hide all labels', () => this.toggleLabels()),
      s('n', 'Next segment', () => { if (this.segments.length) { const i = this.segments.findIndex((x) => x.number === this.active); this.activate(this.segments[(i + 1) % this.segments.length].number); } }),
      s('l', 'Panels: labels', () => this.tab(0)),
      s('s', 'Panels: L3 on the sagittal view', () => this.tab(1)),
      s('q', 'Panels: quantification', () => this.tab(2)),
      s('c', 'Compute the body composition on the current labels', () => {
        this.tab(2);
        (this.main.querySelector('#compute') as HTMLButtonElement | null)?.click();
      }),
      s('X', 'Download the body composition as XLSX', () => (this.main.querySelector('#download-xlsx') as HTMLButtonElement | null)?.click()),
    ];
    if (this.write) {
      list.push(
        s('b', 'Brush', () => this.setMode('brush')),
        s('e', 'Eraser', () => this.setMode('eraser')),
        s('p', 'Freehand polygon (drag around a region)', () => this.setMode('polygon')),
        s('h', 'Histogram back projection (drag a rectangle on a sample)', () => this.setMode('back-projection')),
        s('g', 'GrabCut (drag a rectangle around a region)', () => this.setMode('grabcut')),
        s('t', 'HU threshold on this slice', () => (this.main.querySelector('#threshold-apply') as HTMLButtonElement).click()),
        s('[', 'Smaller brush', () => this.brush(-2)),
        s(']', 'Larger brush', () => this.brush(2)),
        s('Ctrl+z', 'Undo', () => this.undo()),
        s('Ctrl+y / Ctrl+Z', 'Redo', () => this.redo()),
        s('Ctrl+s', 'Save a new version', () => void this.save()),
        s('P', 'Publish the current version as DICOM SEG', () => void this.publish()),
      );
    }
    setShortcuts(list);
  }

  private undo(): void {
    this.touchAll = true;
    this.lv.undo();
    this.status();
  }

  private redo(): void {
    this.touchAll = true;
    this.lv.redo();
    this.status();
  }

  private labelsShown = true;

  private toggleLabels(): void {
    this.labelsShown = !this.labelsShown;
    for (const sg of this.segments) {
      this.lv.setSegmentVisible(sg.number, this.labelsShown);
      const c = this.main.querySelector(`#seg-visible-${sg.number}`) as HTMLInputElement | null;
      if (c) c.checked = this.labelsShown;
    }
  }

  private brush(delta: number): void {
    const input = this.main.querySelector('#brush-size') as HTMLInputElement;
    input.value = String(Math.max(1, Math.min(40, Number(input.value) + delta)));
    this.lv.setBrushSize(Number(input.value));
  }

  private stopListening: () => void = () => {};

  close(): void {
    this.stopListening();
    if (this.lv) {
      this.keepUnsaved();
      this.lv.destroy();
    }
    window.onbeforeunload = null;
  }
}
