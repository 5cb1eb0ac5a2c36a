import { Box } from '@mantine/core';
import { IconPhoto, IconQrcode } from '@tabler/icons-react';
import { useEffect, useRef, useState, type CSSProperties, type KeyboardEvent, type PointerEvent } from 'react';
import { useI18n, type TranslationKey } from '@/lib/i18n/i18n';
import { fillPlaceholders, type BadgeElement, type BadgeLayout, type Size } from '../hooks/badge-layout';
import { HANDLES, mmToPx, moveBox, pxToMm, resizeBox, roundMm, type Guides, type Handle, type Rect } from '../hooks/geometry';
import { sampleValue, type SampleAttendee } from '../hooks/samples';

export interface TypeColour {
  color: string;
  textColor: string;
}

interface DesignerCanvasProps {
  layout: BadgeLayout;
  page: Size;
  zoom: number;
  /** Grid step in mm, 0 when off. */
  grid: number;
  selectedId: string | null;
  /** Element to focus (after a selection from the layer list or an insertion). */
  focusRequest: { id: string; at: number } | null;
  invalidIds: ReadonlySet<string>;
  sample: SampleAttendee;
  event: { name: string; date: string };
  typeColour: TypeColour | null;
  overlayUrl: string | null;
  onSelect: (id: string | null) => void;
  onChangeBox: (id: string, box: Rect, group: string) => void;
  onRemove: (id: string) => void;
}

const HANDLE_CURSORS: Record<Handle, string> = { n: 'ns-resize', s: 'ns-resize', e: 'ew-resize', w: 'ew-resize', ne: 'nesw-resize', sw: 'nesw-resize', nw: 'nwse-resize', se: 'nwse-resize' };
const PT_TO_MM = 25.4 / 72;

interface Gesture {
  id: string;
  handle: Handle | null;
  startX: number;
  startY: number;
  box: Rect;
  group: string;
}

export function elementSummary(element: BadgeElement, t: (key: TranslationKey) => string): string {
  const kind = t(`badges.element.${element.type}` as TranslationKey);
  if (element.type === 'text') return `${kind} — ${element.content.slice(0, 40) || '…'}`;
  return kind;
}

/** The badge at its real proportions: elements drawn from the layout, moved and resized with the mouse or the keyboard. */
export function DesignerCanvas(props: DesignerCanvasProps) {
  const { layout, page, zoom, grid, selectedId, focusRequest, invalidIds, sample, event, typeColour, overlayUrl, onSelect, onChangeBox, onRemove } = props;
  const { t } = useI18n();
  const gesture = useRef<Gesture | null>(null);
  const nodes = useRef(new Map<string, HTMLDivElement>());
  const [guides, setGuides] = useState<Guides>({ x: [], y: [] });
  const px = (mm: number) => mmToPx(mm, zoom);

  useEffect(() => {
    if (focusRequest) nodes.current.get(focusRequest.id)?.focus();
  }, [focusRequest]);

  const colourOf = (value: string, fallback: string) =>
    value === 'attendeeType' ? (typeColour?.color ?? fallback) : value === 'attendeeTypeText' ? (typeColour?.textColor ?? fallback) : value;

  function startGesture(event: PointerEvent<HTMLElement>, element: BadgeElement, handle: Handle | null) {
    if (event.button !== 0) return;
    event.preventDefault();
    event.stopPropagation();
    onSelect(element.id);
    nodes.current.get(element.id)?.focus({ preventScroll: true });
    event.currentTarget.setPointerCapture(event.pointerId);
    gesture.current = {
      id: element.id,
      handle,
      startX: event.clientX,
      startY: event.clientY,
      box: { x: element.x, y: element.y, width: element.width, height: element.height },
      group: `${handle ? 'resize' : 'move'}-${element.id}-${event.timeStamp}`,
    };
  }

  function onPointerMove(event: PointerEvent<HTMLDivElement>) {
    const current = gesture.current;
    if (!current) return;
    const dx = pxToMm(event.clientX - current.startX, zoom);
    const dy = pxToMm(event.clientY - current.startY, zoom);
    // Alt: free positioning, no snapping.
    const options = event.altKey ? { grid: 0, threshold: 0 } : { grid, threshold: pxToMm(6, zoom) };
    if (current.handle) {
      onChangeBox(current.id, resizeBox(current.box, current.handle, dx, dy, page, options), current.group);
    } else {
      const moved = moveBox(current.box, dx, dy, page, options);
      setGuides(moved.guides);
      onChangeBox(current.id, moved.box, current.group);
    }
  }

  function endGesture() {
    gesture.current = null;
    setGuides({ x: [], y: [] });
  }

  function onElementKey(event: KeyboardEvent<HTMLDivElement>, element: BadgeElement) {
    const step = event.shiftKey ? 5 : 1;
    const delta: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    const move = delta[event.key];
    if (move) {
      event.preventDefault();
      const box = { x: element.x, y: element.y, width: element.width, height: element.height };
      const next = event.altKey
        ? resizeBox(box, 'se', move[0], move[1], page, { grid: 0, threshold: 0 })
        : moveBox(box, move[0], move[1], page, { grid: 0, threshold: 0 }).box;
      onChangeBox(element.id, next, `key-${element.id}`);
    } else if (event.key === 'Delete' || event.key === 'Backspace') {
      event.preventDefault();
      onRemove(element.id);
    } else if (event.key === 'Escape') {
      onSelect(null);
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onSelect(element.id);
    }
  }

  const gridStyle: CSSProperties =
    grid > 0 && px(grid) >= 4
      ? {
          backgroundImage: 'linear-gradient(to right, rgba(0,0,0,0.07) 1px, transparent 1px), linear-gradient(to bottom, rgba(0,0,0,0.07) 1px, transparent 1px)',
          backgroundSize: `${px(grid)}px ${px(grid)}px`,
        }
      : {};

  return (
    <Box style={{ overflow: 'auto', padding: 16, background: 'var(--mantine-color-gray-1)', borderRadius: 8, maxWidth: '100%' }}>
      <div
        data-testid="badge-canvas"
        role="group"
        aria-label={t('badges.designer.canvas')}
        onPointerMove={onPointerMove}
        onPointerUp={endGesture}
        onPointerCancel={endGesture}
        onPointerDown={() => onSelect(null)}
        style={{
          position: 'relative',
          width: px(page.width),
          height: px(page.height),
          margin: '0 auto',
          background: layout.background.color ?? '#FFFFFF',
          boxShadow: '0 1px 4px rgba(0,0,0,0.25)',
          touchAction: 'none',
          userSelect: 'none',
        }}
      >
        <div aria-hidden style={{ position: 'absolute', inset: 0, pointerEvents: 'none', ...gridStyle }} />
        {layout.background.image && (
          <div aria-hidden style={{ position: 'absolute', inset: 0, pointerEvents: 'none', border: '1px dashed var(--mantine-color-gray-5)' }} />
        )}
        {layout.elements.map((element) => {
          const isSelected = element.id === selectedId;
          const isInvalid = invalidIds.has(element.id);
          return (
            <div
              key={element.id}
              ref={(node) => {
                if (node) nodes.current.set(element.id, node);
                else nodes.current.delete(element.id);
              }}
              role="button"
              tabIndex={0}
              aria-pressed={isSelected}
              aria-label={`${elementSummary(element, t)} (${roundMm(element.x)} × ${roundMm(element.y)} mm)`}
              aria-invalid={isInvalid || undefined}
              data-element-id={element.id}
              onPointerDown={(event) => startGesture(event, element, null)}
              onKeyDown={(event) => onElementKey(event, element)}
              onFocus={() => !isSelected && onSelect(element.id)}
              style={{
                position: 'absolute',
                left: px(element.x),
                top: px(element.y),
                width: px(element.width),
                height: px(element.height),
                cursor: 'move',
                outline: isInvalid ? '2px solid var(--mantine-color-red-6)' : isSelected ? '2px solid var(--mantine-color-blue-6)' : '1px dashed rgba(0,0,0,0.2)',
                outlineOffset: 0,
              }}
            >
              <ElementBody element={element} px={px} colourOf={colourOf} sample={sample} event={event} typeColour={typeColour} />
              {isSelected &&
                HANDLES.map((handle) => (
                  <span
                    key={handle}
                    aria-hidden
                    data-handle={handle}
                    onPointerDown={(pointer) => startGesture(pointer, element, handle)}
                    style={{
                      position: 'absolute',
                      width: 10,
                      height: 10,
                      background: 'white',
                      border: '1.5px solid var(--mantine-color-blue-6)',
                      borderRadius: 2,
                      cursor: HANDLE_CURSORS[handle],
                      left: handle.includes('w') ? -5 : handle.includes('e') ? 'calc(100% - 5px)' : 'calc(50% - 5px)',
                      top: handle.includes('n') ? -5 : handle.includes('s') ? 'calc(100% - 5px)' : 'calc(50% - 5px)',
                    }}
                  />
                ))}
            </div>
          );
        })}
        {overlayUrl && <img src={overlayUrl} alt="" aria-hidden style={{ position: 'absolute', inset: 0, width: '100%', height: '100%', opacity: 0.5, pointerEvents: 'none' }} />}
        {guides.x.map((x) => (
          <div key={`x${x}`} aria-hidden style={{ position: 'absolute', top: 0, bottom: 0, left: px(x), width: 1, background: 'var(--mantine-color-pink-6)', pointerEvents: 'none' }} />
        ))}
        {guides.y.map((y) => (
          <div key={`y${y}`} aria-hidden style={{ position: 'absolute', left: 0, right: 0, top: px(y), height: 1, background: 'var(--mantine-color-pink-6)', pointerEvents: 'none' }} />
        ))}
      </div>
    </Box>
  );
}

function ElementBody({
  element,
  px,
  colourOf,
  sample,
  event,
  typeColour,
}: {
  element: BadgeElement;
  px: (mm: number) => number;
  colourOf: (value: string, fallback: string) => string;
  sample: SampleAttendee;
  event: { name: string; date: string };
  typeColour: TypeColour | null;
}) {
  switch (element.type) {
    case 'text': {
      const text = fillPlaceholders(element.content, (name) => sampleValue(sample, event, name));
      const isOneLine = element.fit === 'shrink';
      return (
        <div
          style={{
            display: 'flex',
            height: '100%',
            overflow: 'hidden',
            alignItems: element.verticalAlign === 'top' ? 'flex-start' : element.verticalAlign === 'bottom' ? 'flex-end' : 'center',
            justifyContent: element.align === 'left' ? 'flex-start' : element.align === 'right' ? 'flex-end' : 'center',
            textAlign: element.align,
            fontFamily: '"Noto Sans", system-ui, sans-serif',
            fontSize: px(element.fontSize * PT_TO_MM),
            fontWeight: element.fontWeight,
            lineHeight: 1.2,
            color: colourOf(element.color, '#111111'),
            textTransform: element.uppercase ? 'uppercase' : undefined,
            whiteSpace: isOneLine ? 'nowrap' : 'normal',
            overflowWrap: 'anywhere',
          }}
        >
          <span style={isOneLine ? { overflow: 'hidden', textOverflow: 'ellipsis' } : { display: '-webkit-box', WebkitLineClamp: element.maxLines, WebkitBoxOrient: 'vertical', overflow: 'hidden' }}>{text}</span>
        </div>
      );
    }
    case 'image':
      return (
        <div style={{ display: 'grid', placeItems: 'center', height: '100%', background: 'rgba(0,0,0,0.04)', color: 'var(--mantine-color-gray-6)' }}>
          <IconPhoto size={Math.max(12, Math.min(px(element.width), px(element.height)) * 0.5)} aria-hidden />
        </div>
      );
    case 'qr':
      return (
        <div style={{ display: 'grid', placeItems: 'center', height: '100%', background: element.background, color: element.color }}>
          <IconQrcode size={Math.min(px(element.width), px(element.height))} stroke={1.5} aria-hidden />
        </div>
      );
    case 'rect':
      return <div style={{ height: '100%', background: colourOf(element.fill, typeColour ? typeColour.color : '#E5E7EB'), borderRadius: px(element.radius) }} />;
  }
}
