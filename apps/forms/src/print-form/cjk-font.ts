import { existsSync } from 'node:fs';
import { Problem } from '@fd/platform';
import type { FormsConfig } from '../forms.config';

type FontSettings = Partial<Pick<FormsConfig, 'CJK_FONT' | 'CJK_FONT_FAMILY'>>;

/** Where Debian's fonts-wqy-microhei puts its font (the project's setup installs it). */
export const DEFAULT_CJK_FONT = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';

export interface CjkFont {
  path: string;
  /** The PostScript name of the face inside a .ttc collection (pdfkit needs it). */
  family?: string;
}

/**
 * The font that can draw Traditional Chinese on a PDF: `CJK_FONT` (a .ttf/.otf, or a .ttc with
 * `CJK_FONT_FAMILY` naming the face, as for the registration's card), else WenQuanYi Micro Hei
 * where Debian installs it. Returns null when the file is not there, so the caller refuses
 * instead of printing empty boxes. A CJK_FONT that is missing is not replaced by the default:
 * that would hide a misconfiguration.
 */
export function findCjkFont(c: FontSettings): CjkFont | null {
  const path = cjkFontPath(c);
  if (!existsSync(path)) return null;
  if (!path.toLowerCase().endsWith('.ttc')) return { path };
  return { path, family: c.CJK_FONT_FAMILY || (path === DEFAULT_CJK_FONT ? 'WenQuanYiMicroHei' : undefined) };
}

/** Where the font is looked for. */
export const cjkFontPath = (c: FontSettings): string => c.CJK_FONT || DEFAULT_CJK_FONT;

/** The 503 of a print without a usable font (the same code as the registration's card PDF). */
export function fontUnavailable(why: string): Problem {
  return new Problem(
    503,
    'PDF_FONT_UNAVAILABLE',
    `The form cannot be printed: ${why}. Install fonts-wqy-microhei or set CJK_FONT (and CJK_FONT_FAMILY for a .ttc). No PDF was made.`,
  );
}
