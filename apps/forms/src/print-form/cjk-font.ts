import { existsSync } from 'node:fs';

/** Where Debian's fonts-wqy-microhei puts its font (the project's setup installs it). */
export const DEFAULT_CJK_FONT = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';

export interface CjkFont {
  path: string;
  /** The PostScript name of the face to use inside a .ttc collection (pdfkit needs it). */
  face?: string;
}

/**
 * The font that can draw Traditional Chinese on a PDF: `CJK_FONT` (a .ttf/.otf, or a .ttc with
 * `CJK_FONT_FACE` naming the face), else WenQuanYi Micro Hei where Debian installs it.
 * Returns null when it is not there, so the caller can refuse instead of printing empty boxes.
 * An explicit CJK_FONT that is missing is not replaced by the default: that would hide a
 * misconfiguration.
 */
export function findCjkFont(env: NodeJS.ProcessEnv = process.env): CjkFont | null {
  const path = env.CJK_FONT || DEFAULT_CJK_FONT;
  if (!existsSync(path)) return null;
  if (!path.toLowerCase().endsWith('.ttc')) return { path };
  return { path, face: env.CJK_FONT_FACE || (path === DEFAULT_CJK_FONT ? 'WenQuanYiMicroHei' : undefined) };
}
