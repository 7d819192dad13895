import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import { log } from '../observability/logger';

/**
 * CSV exports (docs/api.md#csv-exports): RFC 4180 (quotes where needed, CRLF line ends), UTF-8
 * with a byte order mark so Excel opens the Chinese text correctly, and no cell a spreadsheet
 * would run as a formula. Rows are read from PostgreSQL through a cursor, a batch at a time, and
 * written as they are read: an export of any size holds one batch in memory.
 */
export type CsvCell = string | number | boolean | null | undefined;

const BOM = '\uFEFF';
/** Rows fetched from the cursor at a time. */
export const CSV_BATCH_ROWS = 1000;

/** One cell: a leading =, +, - or @ (or TAB, CR) is written after an apostrophe, numbers excepted. */
export function csvCell(v: CsvCell): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(cells: readonly CsvCell[]): string {
  return cells.map(csvCell).join(',') + '\r\n';
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const formatterFor = (timeZone: string) => {
  let f = formatters.get(timeZone);
  if (!f) {
    const parts = { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' } as const;
    f = new Intl.DateTimeFormat('en-CA', { timeZone, ...parts, hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  return f;
};

/**
 * The zone's offset from UTC at an instant, in ms. Asking Intl for each of a large export's
 * cells costs most of the export's time, so the offset is kept per quarter of an hour: every
 * zone's offsets, and the instants they change, fall on quarters of an hour.
 */
const QUARTER = 15 * 60000;
const offsets = new Map<string, number>();
function offsetAt(ms: number, timeZone: string): number {
  const start = Math.floor(ms / QUARTER) * QUARTER;
  const key = `${timeZone}|${start}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    const p = Object.fromEntries(
      formatterFor(timeZone)
        .formatToParts(new Date(start))
        .map((x) => [x.type, Number(x.value)]),
    );
    offset = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - start;
    if (offsets.size > 100000) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

const two = (n: number) => String(n).padStart(2, '0');

/** An instant as the mall's clock showed it: `YYYY-MM-DD HH:mm:ss` in `timeZone`. */
export function localDateTime(instant: Date | string | null | undefined, timeZone: string): string {
  if (instant === null || instant === undefined || instant === '') return '';
  const ms = (typeof instant === 'string' ? new Date(instant) : instant).getTime();
  if (Number.isNaN(ms)) return '';
  const l = new Date(ms + offsetAt(ms, timeZone));
  return `${l.getUTCFullYear()}-${two(l.getUTCMonth() + 1)}-${two(l.getUTCDate())} ${two(l.getUTCHours())}:${two(l.getUTCMinutes())}:${two(l.getUTCSeconds())}`;
}

/**
 * The rows of `sql`, a batch at a time, through a server-side cursor in one REPEATABLE READ
 * transaction (a consistent snapshot however long the export takes). Stopping early (the caller
 * hung up) closes the cursor and gives the connection back.
 */
export async function* cursorRows<T>(ds: DataSource, sql: string, args: unknown[], batch = CSV_BATCH_ROWS): AsyncGenerator<T[]> {
  const qr = ds.createQueryRunner();
  await qr.connect();
  try {
    await qr.startTransaction('REPEATABLE READ');
    await qr.query(`DECLARE csv_export NO SCROLL CURSOR FOR ${sql}`, args);
    for (;;) {
      const rows: T[] = await qr.query(`FETCH ${Number(batch)} FROM csv_export`);
      if (rows.length) yield rows;
      if (rows.length < batch) break;
    }
    await qr.commitTransaction();
  } finally {
    if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
    await qr.release();
  }
}

export interface CsvExport<T> {
  /** The file's name, ASCII (the Content-Disposition's filename). */
  filename: string;
  header: readonly string[];
  batches: AsyncIterable<T[]>;
  row: (r: T) => readonly CsvCell[];
}

/**
 * Streams an export to the response: the headers and the header row at once, then each batch as
 * it is read, waiting for the client to take it (back-pressure). Problems before the first byte
 * are answered as usual (the caller checks its input first); one after it ends the connection
 * abruptly, so a cut file is never taken for a complete one.
 */
export async function sendCsv<T>(res: Response, e: CsvExport<T>): Promise<number> {
  res.status(200);
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${e.filename.replace(/[^\w.-]/g, '_')}"`);
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  let rows = 0;
  let gone = false;
  res.on('close', () => (gone = !res.writableFinished));
  const write = async (chunk: string) => {
    if (!res.write(chunk)) await new Promise<void>((resolve) => (res.once('drain', resolve), res.once('close', resolve)));
  };
  try {
    await write(BOM + csvLine(e.header));
    for await (const batch of e.batches) {
      if (gone) break;
      await write(batch.map((r) => csvLine(e.row(r))).join(''));
      rows += batch.length;
    }
    res.end();
  } catch (err) {
    log.error('a CSV export failed after it had begun; the connection is cut', { file: e.filename, rows, error: String(err) });
    res.destroy(err as Error);
  }
  return rows;
}
