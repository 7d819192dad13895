/**
 * Text in a fixed box on a printed page (pdfkit): the layouts of the card and the form give every
 * value a box of its own, and a value never leaves it, however long the API lets it be.
 */

/** Where a piece of text goes: its top-left corner and its size, in PDF points. */
export interface TextBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The part of pdfkit's document that the fitting uses. */
export interface TextDoc {
  fontSize(size: number): TextDoc;
  heightOfString(text: string, options?: { width?: number; lineGap?: number }): number;
  text(text: string, x?: number, y?: number, options?: Record<string, unknown>): TextDoc;
}

const ELLIPSIS = '…';

/**
 * Writes `text` inside `box`: at `size` when it fits (wrapped to the box's width), else at the
 * largest size down to `minSize` that fits, and at `minSize` cut short with an ellipsis so it still
 * fits. Returns the height written, never more than the box's. Nothing is written past the box, so
 * pdfkit never starts another page because of it.
 */
export function fitText(
  doc: TextDoc,
  text: string,
  box: TextBox,
  opts: { size: number; minSize?: number; lineGap?: number; align?: 'left' | 'center' | 'right' },
): number {
  const minSize = Math.min(opts.minSize ?? opts.size, opts.size);
  const lineGap = opts.lineGap ?? 0;
  const measure = (s: string, size: number) => {
    doc.fontSize(size);
    return doc.heightOfString(s, { width: box.width, lineGap });
  };
  let size = opts.size;
  while (size > minSize && measure(text, size) > box.height) size = Math.max(minSize, size - 0.5);
  let shown = text;
  if (measure(text, size) > box.height) {
    // the longest beginning that fits with an ellipsis (by halves: the measure is a layout)
    let lo = 0;
    let hi = text.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (measure(text.slice(0, mid).trimEnd() + ELLIPSIS, size) <= box.height) lo = mid;
      else hi = mid - 1;
    }
    shown = text.slice(0, lo).trimEnd() + ELLIPSIS;
  }
  const height = measure(shown, size);
  doc.text(shown, box.x, box.y, { width: box.width, height: box.height, lineGap, align: opts.align ?? 'left' });
  return Math.min(height, box.height);
}
