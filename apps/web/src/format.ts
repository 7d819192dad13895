/** Money, rates, dates and months as the desk reads and types them. Pure: no DOM. */

/**
 * Yuan as typed by a clerk ("12", "12.5", "1,280.00") to integer cents; null when it is
 * not an amount of at most two decimals.
 */
export function yuanToCents(typed: string): number | null {
  const s = typed
    .trim()
    .replace(/[,，\s]/g, '')
    .replace(/^[¥￥]/, '');
  const m = /^(\d{1,9})(?:\.(\d{0,2}))?$/.exec(s);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** Integer cents as yuan with two decimals: 128050 → "1,280.50". */
export function centsToYuan(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(Math.round(cents));
  const yuan = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${yuan}.${String(abs % 100).padStart(2, '0')}`;
}

/** A rate or score as the API gives it (one decimal already), or the "no data" mark. */
export function oneDecimal(n: number | null | undefined, none = '—'): string {
  return n === null || n === undefined ? none : n.toFixed(1);
}

export function percent(n: number | null | undefined, none = '—'): string {
  return n === null || n === undefined ? none : `${n.toFixed(1)}%`;
}

export const MALL_TIME_ZONE = 'Asia/Shanghai';

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function dateIn(instant: Date, timeZone = MALL_TIME_ZONE): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

export const monthOf = (date: string) => date.slice(0, 7);

export function isPeriod(s: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(s);
}

export function isDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** A month moved by n months: addMonths("2026-01", -1) → "2025-12". */
export function addMonths(period: string, n: number): string {
  const [y, m] = period.split('-').map(Number);
  const total = y * 12 + (m - 1) + n;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
}

export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The twelve months ending with `to`, oldest first. */
export function lastTwelve(to: string): string[] {
  return Array.from({ length: 12 }, (_, i) => addMonths(to, i - 11));
}

/** A time as the desk reads it, in the mall's time zone: "2026-10-03 14:05". */
export function dateTime(iso: string | undefined, timeZone = MALL_TIME_ZONE): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/**
 * A serial and code as a scanner reads the form's QR code: `serial:code` as printed
 * ("FD00000012:ABCD1234", apps/forms form-pdf.ts), with whatever separator a scanner's keyboard
 * layout makes of the colon (full-width, `;`, a tab); or a link that carries them (a serial in
 * its path or `serial=`, the code in `code=` or `verificationCode=`), should the paper ever print one.
 */
export function parseFormCode(scanned: string): { serial: string; verificationCode?: string } | null {
  const m = /^\s*(FD\d{6,})(?:\s*[:：;；|/\t ]\s*([A-Za-z0-9-]{4,32}))?\s*$/i.exec(scanned);
  if (m) return { serial: m[1].toUpperCase(), ...(m[2] ? { verificationCode: m[2].toUpperCase() } : {}) };
  const link = /^\s*(https?:\/\/|\/|#)\S*\s*$/i.exec(scanned);
  if (!link) return null;
  const serial = /(?:^|[/?&#=])(FD\d{6,})(?=$|[/?&#])/i.exec(scanned)?.[1];
  const code = /[?&#](?:code|verificationCode)=([A-Za-z0-9-]{4,32})(?=$|[&#\s])/i.exec(scanned)?.[1];
  if (!serial) return null;
  return { serial: serial.toUpperCase(), ...(code ? { verificationCode: code.toUpperCase() } : {}) };
}
