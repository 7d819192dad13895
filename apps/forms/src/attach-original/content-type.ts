/** The kinds of file a signed original may be (docs/rules.md, "The signed original"). */
export type OriginalType = 'image/jpeg' | 'image/png' | 'application/pdf';

const SIGNATURES: Array<[OriginalType, number[]]> = [
  ['image/jpeg', [0xff, 0xd8, 0xff]],
  ['image/png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ['application/pdf', [0x25, 0x50, 0x44, 0x46, 0x2d]], // %PDF-
];

/**
 * What a file is, by its first bytes (its "magic number"), never by its name or the
 * Content-Type it was sent with; undefined for anything but a JPEG, a PNG or a PDF. Three fixed
 * signatures need no library (a general sniffer such as file-type is ESM-only and knows hundreds
 * of kinds this upload refuses anyway).
 */
export function sniffOriginalType(bytes: Uint8Array): OriginalType | undefined {
  for (const [type, magic] of SIGNATURES) if (bytes.length > magic.length && magic.every((b, i) => bytes[i] === b)) return type;
  return undefined;
}
