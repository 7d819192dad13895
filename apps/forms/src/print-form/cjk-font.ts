import { existsSync } from 'node:fs';
import { Problem } from '@fd/platform';

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
export function findCjkFont(env: NodeJS.ProcessEnv = process.env): CjkFont | null {
  const path = env.CJK_FONT || DEFAULT_CJK_FONT;
  if (!existsSync(path)) return null;
  if (!path.toLowerCase().endsWith('.ttc')) return { path };
  return { path, family: env.CJK_FONT_FAMILY || (path === DEFAULT_CJK_FONT ? 'WenQuanYiMicroHei' : undefined) };
}

/** The 503 of a print without a usable font (the same code as the registration's card PDF). */
export function fontUnavailable(why: string): Problem {
  return new Problem(
    503,
    'PDF_FONT_UNAVAILABLE',
    `The form cannot be printed: ${why}. Install fonts-wqy-microhei or set CJK_FONT (and CJK_FONT_FAMILY for a .ttc). No PDF was made.`,
  );
}
