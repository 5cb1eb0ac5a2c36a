import { describe, expect, it } from 'vitest';
import { clampMove, fitOnPage, fitZoom, mmToPx, moveBox, pxToMm, resizeBox, snapToGrid } from './geometry';

const page = { width: 105, height: 148 };
const noSnap = { grid: 0, threshold: 0 };

describe('mm ↔ px', () => {
  it('converts at 96 dpi and scales with the zoom', () => {
    expect(mmToPx(25.4, 1)).toBeCloseTo(96);
    expect(mmToPx(10, 2)).toBeCloseTo(75.59, 2);
    expect(pxToMm(mmToPx(37.5, 1.5), 1.5)).toBeCloseTo(37.5);
  });

  it('picks the zoom at which the page fits', () => {
    expect(fitZoom(page, { width: 2000, height: mmToPx(148, 1) })).toBe(1);
    expect(fitZoom(page, { width: 2000, height: mmToPx(148, 2) })).toBe(2);
    expect(fitZoom(page, { width: 10, height: 10 })).toBe(0.25);
  });
});

describe('snapping', () => {
  it('rounds to the grid step', () => {
    expect(snapToGrid(12.4, 5)).toBe(10);
    expect(snapToGrid(12.6, 5)).toBe(15);
    expect(snapToGrid(12.46, 1)).toBe(12);
    expect(snapToGrid(12.456, 0)).toBe(12.46);
  });

  it('sticks to the page edges and centre before the grid, and says where', () => {
    const box = { x: 10, y: 10, width: 20, height: 10 };
    const centred = moveBox(box, 31.5, 0, page, { grid: 5, threshold: 2 });
    expect(centred.box.x).toBe(42.5);
    expect(centred.guides.x).toEqual([52.5]);
    const right = moveBox(box, 74, 0, page, { grid: 5, threshold: 2 });
    expect(right.box.x).toBe(85);
    expect(right.guides.x).toEqual([105]);
    const grid = moveBox(box, 8, 3.2, page, { grid: 5, threshold: 1 });
    expect(grid.box).toMatchObject({ x: 20, y: 15 });
    expect(grid.guides).toEqual({ x: [], y: [] });
  });
});

describe('move and resize clamping', () => {
  it('never lets a moved box leave the page', () => {
    const box = { x: 10, y: 10, width: 20, height: 10 };
    expect(moveBox(box, -50, -50, page, noSnap).box).toMatchObject({ x: 0, y: 0 });
    expect(moveBox(box, 500, 500, page, noSnap).box).toMatchObject({ x: 85, y: 138 });
    expect(clampMove({ x: 100, y: -3, width: 10, height: 10 }, page)).toMatchObject({ x: 95, y: 0 });
  });

  it('resizes from any handle, keeping the opposite edge, within the page', () => {
    const box = { x: 10, y: 10, width: 20, height: 10 };
    expect(resizeBox(box, 'se', 5, 5, page, noSnap)).toEqual({ x: 10, y: 10, width: 25, height: 15 });
    expect(resizeBox(box, 'nw', -4, -2, page, noSnap)).toEqual({ x: 6, y: 8, width: 24, height: 12 });
    expect(resizeBox(box, 'e', 500, 0, page, noSnap)).toEqual({ x: 10, y: 10, width: 95, height: 10 });
    expect(resizeBox(box, 'w', -500, 0, page, noSnap)).toEqual({ x: 0, y: 10, width: 30, height: 10 });
  });

  it('keeps at least 1 mm when a handle is dragged past the opposite edge', () => {
    const box = { x: 10, y: 10, width: 20, height: 10 };
    expect(resizeBox(box, 'e', -100, 0, page, noSnap).width).toBe(1);
    expect(resizeBox(box, 'n', 0, 100, page, noSnap)).toMatchObject({ y: 19, height: 1 });
  });

  it('snaps resized edges to the grid', () => {
    expect(resizeBox({ x: 10, y: 10, width: 20, height: 10 }, 'se', 2.2, 1.4, page, { grid: 5, threshold: 0 })).toEqual({ x: 10, y: 10, width: 20, height: 10 });
    expect(resizeBox({ x: 10, y: 10, width: 20, height: 10 }, 'se', 3, 3, page, { grid: 5, threshold: 0 })).toEqual({ x: 10, y: 10, width: 25, height: 15 });
  });

  it('fits a box onto a smaller page', () => {
    expect(fitOnPage({ x: 80, y: 100, width: 120, height: 30 }, { width: 54, height: 90 })).toEqual({ x: 0, y: 60, width: 54, height: 30 });
  });
});
