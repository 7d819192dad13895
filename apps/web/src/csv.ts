/**
 * CSV for the administration's spreadsheets: RFC 4180 quoting, CRLF line ends, and a UTF-8
 * byte order mark so Excel opens the Chinese text correctly.
 */
export type Cell = string | number | boolean | null | undefined;

const BOM = '\uFEFF';

function cell(v: Cell): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  // a leading =, +, - or @ would be run as a formula by a spreadsheet, and so would one after a TAB or CR
  if (/^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: string[], rows: Cell[][]): string {
  return BOM + [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
