import { describe, expect, it } from 'vitest';
import * as server from '../../../../../attendee-ems-back/src/modules/badges/badge-layout';
import { BADGE_VARIABLES, boundVariable, createElement, elementIndexOfField, emptyLayout, fillPlaceholders, normalizeLayout, PAGE_SIZE_NAMES, PAGE_SIZES, pageSizeMm, type ElementType } from './badge-layout';

describe('badge layout mirror', () => {
  it('offers exactly the server’s page sizes and variables', () => {
    expect(PAGE_SIZES).toEqual(server.PAGE_SIZES);
    expect([...PAGE_SIZE_NAMES]).toEqual([...server.PAGE_SIZE_NAMES]);
    expect([...BADGE_VARIABLES]).toEqual([...server.BADGE_VARIABLES]);
  });

  it('creates layouts and elements the server accepts, on every preset', () => {
    for (const size of PAGE_SIZE_NAMES) {
      for (const orientation of ['portrait', 'landscape'] as const) {
        const page = size === 'custom' ? { size, orientation, widthMm: 60, heightMm: 40 } : { size, orientation };
        const layout = emptyLayout(page);
        const types: ElementType[] = ['text', 'qr', 'rect'];
        layout.elements = types.map((type, index) => createElement(type, pageSizeMm(page), `el-${index}`));
        const result = server.validateBadgeLayout(layout);
        expect(result.ok, `${size} ${orientation}: ${JSON.stringify(result)}`).toBe(true);
        expect(pageSizeMm(page)).toEqual(server.pageSizeMm(page));
      }
    }
  });

  it('fills the server defaults and gives every element a unique id', () => {
    const layout = normalizeLayout({ page: { size: 'A7' }, elements: [{ type: 'text', x: 1, y: 1, width: 10, height: 5, content: '{{firstName}}' }, { type: 'qr', x: 1, y: 1, width: 10, height: 10 }] });
    expect(layout.page.orientation).toBe('portrait');
    expect(layout.elements[0]).toMatchObject({ fontSize: 12, fit: 'shrinkWrap', align: 'left' });
    expect(new Set(layout.elements.map((element) => element.id)).size).toBe(2);
    expect(server.validateBadgeLayout(layout).ok).toBe(true);
  });

  it('reads a binding, fills placeholders and maps server errors to elements', () => {
    expect(boundVariable(' {{ firstName }} ')).toBe('firstName');
    expect(boundVariable('Hello {{firstName}}')).toBeNull();
    expect(fillPlaceholders('{{firstName}} {{lastName}}', (name) => (name === 'firstName' ? 'Ada' : null))).toBe('Ada');
    expect(elementIndexOfField('layout.elements.3.content')).toBe(3);
    expect(elementIndexOfField('layout.elements.12')).toBe(12);
    expect(elementIndexOfField('layout.page.widthMm')).toBeNull();
  });
});
