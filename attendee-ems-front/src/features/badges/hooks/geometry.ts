import type { Size } from './badge-layout';

/** CSS pixels per millimetre at 100 % zoom (96 dpi). */
export const PX_PER_MM = 96 / 25.4;
export const MIN_ELEMENT_MM = 1;

export const mmToPx = (mm: number, zoom: number) => mm * PX_PER_MM * zoom;
export const pxToMm = (px: number, zoom: number) => px / (PX_PER_MM * zoom);
/** Two decimals: 0.01 mm is finer than any printer, and keeps the JSON readable. */
export const roundMm = (value: number) => Math.round(value * 100) / 100;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const snapToGrid = (value: number, step: number) => (step > 0 ? roundMm(Math.round(value / step) * step) : roundMm(value));

export interface SnapOptions {
  /** Grid step in mm; 0 turns the grid off. */
  grid: number;
  /** How close (mm) an edge must come to the page's edges or centre lines to stick to them. */
  threshold: number;
}

export interface Guides {
  /** Vertical lines (x in mm) and horizontal lines (y in mm) the box snapped to. */
  x: number[];
  y: number[];
}

/** One axis: stick start, centre or end of the box to the page's start, centre or end, else to the grid. */
function snapAxis(start: number, length: number, pageLength: number, options: SnapOptions): { value: number; guide: number | null } {
  const candidates: Array<{ value: number; guide: number }> = [
    { value: 0, guide: 0 },
    { value: pageLength - length, guide: pageLength },
    { value: pageLength / 2 - length / 2, guide: pageLength / 2 },
  ];
  let best: { value: number; guide: number } | null = null;
  let bestDistance = options.threshold;
  for (const candidate of candidates) {
    const distance = Math.abs(candidate.value - start);
    if (distance <= bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best) return { value: roundMm(best.value), guide: best.guide };
  return { value: snapToGrid(start, options.grid), guide: null };
}

/** Keeps a box entirely on the page (it is assumed to be no bigger than the page). */
export function clampMove(box: Rect, page: Size): Rect {
  const x = Math.min(Math.max(0, box.x), Math.max(0, page.width - box.width));
  const y = Math.min(Math.max(0, box.y), Math.max(0, page.height - box.height));
  return { ...box, x: roundMm(x), y: roundMm(y) };
}

/** Where a dragged box lands: moved by (dx, dy) mm, snapped, then kept on the page. */
export function moveBox(box: Rect, dx: number, dy: number, page: Size, options: SnapOptions): { box: Rect; guides: Guides } {
  const x = snapAxis(box.x + dx, box.width, page.width, options);
  const y = snapAxis(box.y + dy, box.height, page.height, options);
  return { box: clampMove({ ...box, x: x.value, y: y.value }, page), guides: { x: x.guide === null ? [] : [x.guide], y: y.guide === null ? [] : [y.guide] } };
}

export type Handle = 'n' | 's' | 'e' | 'w' | 'ne' | 'nw' | 'se' | 'sw';
export const HANDLES: readonly Handle[] = ['nw', 'n', 'ne', 'e', 'se', 's', 'sw', 'w'];

const snapEdge = (value: number, pageLength: number, options: SnapOptions) => {
  for (const line of [0, pageLength / 2, pageLength]) if (Math.abs(value - line) <= options.threshold) return roundMm(line);
  return snapToGrid(value, options.grid);
};

/**
 * A box resized by dragging `handle` by (dx, dy) mm: the opposite edges stay put, the moving edges
 * snap (page edges/centre, then grid) and stay on the page, and the box never gets thinner than 1 mm.
 */
export function resizeBox(box: Rect, handle: Handle, dx: number, dy: number, page: Size, options: SnapOptions): Rect {
  let left = box.x;
  let top = box.y;
  let right = box.x + box.width;
  let bottom = box.y + box.height;
  if (handle.includes('w')) left = Math.min(Math.max(0, snapEdge(left + dx, page.width, options)), right - MIN_ELEMENT_MM);
  if (handle.includes('e')) right = Math.max(Math.min(page.width, snapEdge(right + dx, page.width, options)), left + MIN_ELEMENT_MM);
  if (handle.includes('n')) top = Math.min(Math.max(0, snapEdge(top + dy, page.height, options)), bottom - MIN_ELEMENT_MM);
  if (handle.includes('s')) bottom = Math.max(Math.min(page.height, snapEdge(bottom + dy, page.height, options)), top + MIN_ELEMENT_MM);
  return { x: roundMm(left), y: roundMm(top), width: roundMm(right - left), height: roundMm(bottom - top) };
}

/** A box made to fit a (possibly smaller) page: shrunk to the page, then moved onto it. */
export function fitOnPage(box: Rect, page: Size): Rect {
  const width = roundMm(Math.min(box.width, page.width));
  const height = roundMm(Math.min(box.height, page.height));
  return clampMove({ ...box, width, height }, page);
}

/** The zoom at which the page fits in `available` pixels (clamped to 25 %–400 %). */
export function fitZoom(page: Size, available: Size): number {
  if (page.width <= 0 || page.height <= 0) return 1;
  const zoom = Math.min(available.width / mmToPx(page.width, 1), available.height / mmToPx(page.height, 1));
  return Math.min(4, Math.max(0.25, Math.floor(zoom * 20) / 20));
}
