/** A run of text as a PDF reader places it on a page: its string and its box, in points from the page's top-left corner. */
export interface PlacedText {
  page: number;
  text: string;
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface PdfText {
  pages: number;
  pageWidth: number;
  pageHeight: number;
  runs: PlacedText[];
  /** Every page's text, runs in reading order joined. */
  all: string;
}

/**
 * What a PDF reader finds on the pages of `pdf`: the page count and where each run of text sits,
 * read with pdf.js (its CommonJS legacy build, which runs under Node 20 and Jest).
 */
export async function readPdfText(pdf: Buffer): Promise<PdfText> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pdfjs = require('pdfjs-dist/legacy/build/pdf.js') as typeof import('pdfjs-dist');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  const runs: PlacedText[] = [];
  let pageWidth = 0;
  let pageHeight = 0;
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const [, , w, h] = page.view;
    pageWidth = w;
    pageHeight = h;
    const content = await page.getTextContent();
    for (const item of content.items) {
      if (!('str' in item) || !item.str.trim()) continue;
      const [, , , , x, baseline] = item.transform as number[];
      // the run's box: from its baseline up by its height (the font size), across its width
      runs.push({ page: n, text: item.str, left: x, right: x + item.width, top: h - baseline - item.height, bottom: h - baseline });
    }
  }
  await doc.destroy();
  return { pages: doc.numPages, pageWidth, pageHeight, runs, all: runs.map((r) => r.text).join('') };
}

/** The pairs of runs whose boxes overlap by more than `tolerance` points both across and down. */
export function overlappingRuns(runs: PlacedText[], tolerance = 0.5): Array<[PlacedText, PlacedText]> {
  const found: Array<[PlacedText, PlacedText]> = [];
  for (let i = 0; i < runs.length; i++)
    for (let j = i + 1; j < runs.length; j++) {
      const a = runs[i];
      const b = runs[j];
      if (a.page !== b.page) continue;
      const across = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const down = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (across > tolerance && down > tolerance) found.push([a, b]);
    }
  return found;
}
