/**
 * Cornerstone3D: the image loader with the user's token, a stack viewport of one series (slice index
 * 0 = the most superior, as the labeling service counts), its labelmap, and the tools.
 */
import {
  RenderingEngine,
  getRenderingEngine,
  Enums as CoreEnums,
  cache,
  eventTarget,
  imageLoader,
  init as coreInit,
  utilities as coreUtils,
  type Types,
} from '@cornerstonejs/core';
import {
  init as toolsInit,
  addTool,
  ToolGroupManager,
  WindowLevelTool,
  PanTool,
  ZoomTool,
  StackScrollTool,
  BrushTool,
  segmentation,
  utilities as toolUtils,
  Enums as ToolEnums,
} from '@cornerstonejs/tools';
import { init as loaderInit, wadors } from '@cornerstonejs/dicom-image-loader';
import { authHeader } from './http';
import { cfg } from './state';
import { nums, num, str, T, type DicomJson } from './dicomweb';

let ready: Promise<void> | null = null;

export function initImaging(): Promise<void> {
  if (!ready) {
    ready = (async () => {
      await coreInit();
      loaderInit({
        maxWebWorkers: Math.max(1, Math.min(4, (navigator.hardwareConcurrency || 2) - 1)),
        beforeSend: async () => ({ Authorization: await authHeader() }),
      });
      toolsInit();
      for (const t of [WindowLevelTool, PanTool, ZoomTool, StackScrollTool, BrushTool]) {
        addTool(t);
      }
    })();
  }
  return ready;
}

export interface Slice {
  index: number;
  sopInstanceUID: string;
  frame: number;
  imageId: string;
  position: number;
  instance: DicomJson;
}

export interface SeriesStack {
  studyUid: string;
  seriesUid: string;
  rows: number;
  columns: number;
  slices: Slice[];
  /** mm between rows / columns, and between slices. */
  rowSpacing: number;
  columnSpacing: number;
  sliceSpacing: number;
  first: DicomJson;
}

function cross(a: number[], b: number[]): number[] {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

/** The series' images as a stack, its metadata registered for the image loader. */
export function stackOf(studyUid: string, seriesUid: string, metadata: DicomJson[]): SeriesStack {
  const images = metadata.filter((m) => num(m, T.Rows) && num(m, T.Columns));
  if (images.length === 0) {
    throw new Error('this series has no images');
  }
  const root = new URL(cfg().dicomWebRoot, location.href).toString().replace(/\/$/, '');
  const iop = nums(images[0], T.ImageOrientationPatient);
  const normal = iop.length === 6 ? cross(iop.slice(0, 3), iop.slice(3, 6)) : [0, 0, 0];
  const pos = (m: DicomJson) => {
    const p = nums(m, T.ImagePositionPatient);
    return p.length === 3 ? p[0] * normal[0] + p[1] * normal[1] + p[2] * normal[2] : num(m, T.InstanceNumber) ?? 0;
  };
  const sorted = images
    .map((m) => ({ m, position: pos(m) }))
    .sort((a, b) => a.position - b.position);
  if (normal[2] > 1e-6) {
    sorted.reverse();
  }
  const slices: Slice[] = sorted.map(({ m, position }, index) => {
    const sop = str(m, T.SOPInstanceUID);
    const imageId = `wadors:${root}/studies/${studyUid}/series/${seriesUid}/instances/${sop}/frames/1`;
    wadors.metaDataManager.add(imageId, m as any);
    return { index, sopInstanceUID: sop, frame: 1, imageId, position, instance: m };
  });
  const spacing = nums(images[0], T.PixelSpacing);
  const sliceSpacing =
    slices.length > 1
      ? Math.abs(slices[slices.length - 1].position - slices[0].position) / (slices.length - 1)
      : num(images[0], T.SliceThickness) ?? 1;
  return {
    studyUid,
    seriesUid,
    rows: num(images[0], T.Rows)!,
    columns: num(images[0], T.Columns)!,
    slices,
    rowSpacing: spacing[0] || 1,
    columnSpacing: spacing[1] || spacing[0] || 1,
    sliceSpacing: sliceSpacing || 1,
    first: images[0],
  };
}

export const PRESETS: { name: string; key: string; center: number; width: number }[] = [
  { name: 'Lung', key: '1', center: -600, width: 1500 },
  { name: 'Mediastinum', key: '2', center: 50, width: 350 },
  { name: 'Abdomen', key: '3', center: 40, width: 400 },
  { name: 'Bone', key: '4', center: 400, width: 1800 },
  { name: 'Brain', key: '5', center: 40, width: 80 },
];

export type Mode = 'window' | 'brush' | 'eraser' | 'polygon' | 'back-projection' | 'grabcut';

/** The labeling viewport: one series, its labelmap, tools, undo/redo. */
export class LabelViewport {
  readonly engine: RenderingEngine;
  readonly viewportId = 'axial';
  readonly toolGroupId = 'radflow-label-tools';
  readonly segmentationId: string;
  labelmapIds: string[] = [];
  private primary: string | null = WindowLevelTool.toolName;

  constructor(
    readonly element: HTMLDivElement,
    readonly stack: SeriesStack,
    key: string,
  ) {
    this.segmentationId = `labels-${key}`;
    getRenderingEngine('radflow')?.destroy();
    ToolGroupManager.destroyToolGroup(this.toolGroupId);
    this.engine = new RenderingEngine('radflow');
    this.engine.enableElement({
      viewportId: this.viewportId,
      type: CoreEnums.ViewportType.STACK,
      element,
      defaultOptions: { background: [0, 0, 0] as Types.Point3 },
    });
  }

  get viewport(): Types.IStackViewport {
    return this.engine.getViewport(this.viewportId) as Types.IStackViewport;
  }

  async show(index: number): Promise<void> {
    const ids = this.stack.slices.map((s) => s.imageId);
    await this.viewport.setStack(ids, index);
    this.viewport.render();
    const tg = ToolGroupManager.createToolGroup(this.toolGroupId)!;
    tg.addTool(WindowLevelTool.toolName);
    tg.addTool(PanTool.toolName);
    tg.addTool(ZoomTool.toolName);
    tg.addTool(StackScrollTool.toolName);
    tg.addToolInstance('Brush', BrushTool.toolName, { activeStrategy: 'FILL_INSIDE_CIRCLE' });
    tg.addToolInstance('Eraser', BrushTool.toolName, { activeStrategy: 'ERASE_INSIDE_CIRCLE' });
    tg.addViewport(this.viewportId, this.engine.id);
    tg.setToolActive(WindowLevelTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Primary }] });
    tg.setToolActive(PanTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Auxiliary }] });
    tg.setToolActive(ZoomTool.toolName, {
      bindings: [{ mouseButton: ToolEnums.MouseBindings.Primary, modifierKey: ToolEnums.KeyboardBindings.Shift }],
    });
    tg.setToolActive(StackScrollTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Wheel }] });

    const labelmaps = imageLoader.createAndCacheDerivedLabelmapImages(ids);
    this.labelmapIds = labelmaps.map((i) => i.imageId);
    segmentation.removeSegmentation(this.segmentationId);
    segmentation.addSegmentations([
      {
        segmentationId: this.segmentationId,
        representation: {
          type: ToolEnums.SegmentationRepresentations.Labelmap,
          data: { imageIds: this.labelmapIds },
        },
      },
    ]);
    await segmentation.addLabelmapRepresentationToViewport(this.viewportId, [{ segmentationId: this.segmentationId }]);
    segmentation.activeSegmentation.setActiveSegmentation(this.viewportId, this.segmentationId);
    toolUtils.segmentation.setBrushSizeForToolGroup(this.toolGroupId, 8);
  }

  get index(): number {
    return this.viewport.getCurrentImageIdIndex();
  }

  async go(index: number): Promise<void> {
    const i = Math.max(0, Math.min(this.stack.slices.length - 1, index));
    await this.viewport.setImageIdIndex(i);
  }

  setMode(mode: Mode): void {
    const tg = ToolGroupManager.getToolGroup(this.toolGroupId)!;
    if (this.primary) {
      tg.setToolPassive(this.primary);
    }
    const tool = mode === 'window' ? WindowLevelTool.toolName : mode === 'brush' ? 'Brush' : mode === 'eraser' ? 'Eraser' : null;
    if (tool) {
      tg.setToolActive(tool, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Primary }] });
    }
    this.primary = tool;
    // zoom stays on Shift + left drag
    tg.setToolActive(ZoomTool.toolName, {
      bindings: [{ mouseButton: ToolEnums.MouseBindings.Primary, modifierKey: ToolEnums.KeyboardBindings.Shift }],
    });
  }

  setBrushSize(px: number): void {
    toolUtils.segmentation.setBrushSizeForToolGroup(this.toolGroupId, px);
  }

  setWindow(center: number, width: number): void {
    this.viewport.setProperties({ voiRange: { lower: center - width / 2, upper: center + width / 2 } });
    this.viewport.render();
  }

  window(): { center: number; width: number } {
    const v = this.viewport.getProperties().voiRange;
    return v ? { center: (v.lower + v.upper) / 2, width: v.upper - v.lower } : { center: 40, width: 400 };
  }

  reset(): void {
    this.viewport.resetCamera();
    this.viewport.resetProperties();
    this.viewport.render();
  }

  zoom(factor: number): void {
    const cam = this.viewport.getCamera();
    this.viewport.setCamera({ parallelScale: (cam.parallelScale ?? 1) / factor });
    this.viewport.render();
  }

  setActiveSegment(n: number): void {
    segmentation.segmentIndex.setActiveSegmentIndex(this.segmentationId, n);
  }

  setSegmentColor(n: number, rgb: number[]): void {
    segmentation.config.color.setSegmentIndexColor(this.viewportId, this.segmentationId, n, [
      rgb[0],
      rgb[1],
      rgb[2],
      255,
    ] as Types.Color);
  }

  setSegmentVisible(n: number, visible: boolean): void {
    segmentation.config.visibility.setSegmentIndexVisibility(
      this.viewportId,
      { segmentationId: this.segmentationId, type: ToolEnums.SegmentationRepresentations.Labelmap },
      n,
      visible,
    );
    this.viewport.render();
  }

  setOpacity(alpha: number): void {
    segmentation.config.style.setStyle(
      { viewportId: this.viewportId, segmentationId: this.segmentationId, type: ToolEnums.SegmentationRepresentations.Labelmap },
      { fillAlpha: alpha, fillAlphaInactive: alpha },
    );
    this.viewport.render();
  }

  /** The labelmap of a slice: segment number per pixel, row by row (the live array). */
  labels(index: number): Uint8Array | Uint16Array {
    const img = cache.getImage(this.labelmapIds[index]);
    if (!img) {
      throw new Error(`the labelmap of slice ${index} is not loaded`);
    }
    return img.voxelManager!.getScalarData() as Uint8Array;
  }

  /** Tells Cornerstone that slices changed (redraw). */
  changed(): void {
    segmentation.triggerSegmentationEvents.triggerSegmentationDataModified(this.segmentationId);
    this.viewport.render();
  }

  /**
   * Changes one slice as one undoable step: apply() edits the live labelmap array; undo/redo swap
   * the before and after copies.
   */
  edit(index: number, apply: (labels: Uint8Array | Uint16Array) => void, onChange: () => void): void {
    const live = this.labels(index);
    const before = live.slice();
    apply(live);
    const after = live.slice();
    this.changed();
    onChange();
    coreUtils.HistoryMemo.DefaultHistoryMemo.push({
      id: `slice-${index}-${Date.now()}`,
      restoreMemo: (undo?: boolean) => {
        this.labels(index).set(undo ? before : after);
        this.changed();
        onChange();
      },
    });
  }

  undo(): void {
    coreUtils.HistoryMemo.DefaultHistoryMemo.undo();
    this.changed();
  }

  redo(): void {
    coreUtils.HistoryMemo.DefaultHistoryMemo.redo();
    this.changed();
  }

  /** Canvas point → image pixel (column, row), or null outside the image. */
  toPixel(canvasX: number, canvasY: number): { x: number; y: number } {
    const world = this.viewport.canvasToWorld([canvasX, canvasY] as Types.Point2);
    const ij = coreUtils.worldToImageCoords(this.stack.slices[this.index].imageId, world);
    return ij ? { x: ij[0], y: ij[1] } : { x: -1, y: -1 };
  }

  /** Image pixel → canvas point. */
  toCanvas(x: number, y: number): { x: number; y: number } {
    const world = coreUtils.imageToWorldCoords(this.stack.slices[this.index].imageId, [x, y] as Types.Point2);
    const c = this.viewport.worldToCanvas(world ?? ([0, 0, 0] as Types.Point3));
    return { x: c[0], y: c[1] };
  }

  destroy(): void {
    try {
      segmentation.removeSegmentation(this.segmentationId);
    } catch {
      // already gone
    }
    ToolGroupManager.destroyToolGroup(this.toolGroupId);
    this.engine.destroy();
  }
}

/**
 * Calls fn when the labelmap of a segmentation changes (brush strokes, undo/redo, our own edits):
 * Cornerstone announces it on its global event target, not on the viewport's element. Returns the
 * function that stops listening.
 */
export function onLabelsModified(segmentationId: string, fn: () => void): () => void {
  const listener = (e: Event) => {
    if ((e as CustomEvent).detail?.segmentationId === segmentationId) fn();
  };
  const type = ToolEnums.Events.SEGMENTATION_DATA_MODIFIED;
  eventTarget.addEventListener(type, listener);
  return () => eventTarget.removeEventListener(type, listener);
}

/** Loads every slice (for the sagittal reconstruction); calls progress(n) as they arrive. */
export async function loadAll(stack: SeriesStack, progress: (n: number) => void): Promise<void> {
  let n = 0;
  await Promise.all(
    stack.slices.map((s) =>
      imageLoader.loadAndCacheImage(s.imageId).then(() => {
        progress(++n);
      }),
    ),
  );
}

/** A slice's pixels in HU (the modality LUT applied). */
export function huOf(slice: Slice): Float32Array {
  const img = cache.getImage(slice.imageId);
  if (!img) {
    throw new Error('slice not loaded');
  }
  const data = img.voxelManager ? (img.voxelManager.getScalarData() as ArrayLike<number>) : img.getPixelData();
  const scaled = img.preScale?.scaled;
  const slope = scaled ? 1 : img.slope ?? 1;
  const intercept = scaled ? 0 : img.intercept ?? 0;
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) {
    out[i] = data[i] * slope + intercept;
  }
  return out;
}
