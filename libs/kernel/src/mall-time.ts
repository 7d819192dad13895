/**
 * Calendar dates in the mall's time zone (default Asia/Shanghai). Dates are 'YYYY-MM-DD'
 * strings, periods 'YYYY-MM'; all comparisons are inclusive (docs/rules.md#dates-and-time).
 */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** True for a time zone name the runtime knows (IANA), e.g. Asia/Shanghai; not for offsets like +08:00. */
export function isIanaTimeZone(name: string): boolean {
  if (!/^[A-Za-z]/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string) {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function parts(instant: Date, timeZone: string) {
  const p = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(instant)
      .map((x) => [x.type, x.value]),
  );
  return { y: +p.year, m: +p.month, d: +p.day, h: +p.hour, min: +p.minute, s: +p.second };
}

/** The calendar date of an instant in the mall's time zone. */
export function localDate(instant: Date, timeZone = DEFAULT_TIME_ZONE): string {
  const { y, m, d } = parts(instant, timeZone);
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function isValidDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const d = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === date;
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86400000);
}

/** The period (calendar month) a date belongs to. */
export function periodOf(date: string): string {
  return date.slice(0, 7);
}

export function isValidPeriod(period: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(period);
}

/** The instant a local calendar day starts in the time zone. */
export function startOfLocalDay(date: string, timeZone = DEFAULT_TIME_ZONE): Date {
  // Start from UTC midnight and correct by the zone's offset at that moment (twice, for DST edges).
  let guess = Date.parse(`${date}T00:00:00Z`);
  for (let i = 0; i < 2; i++) {
    const p = parts(new Date(guess), timeZone);
    const asUtc = Date.UTC(p.y, p.m - 1, p.d, p.h, p.min, p.s);
    guess += Date.parse(`${date}T00:00:00Z`) - asUtc;
  }
  return new Date(guess);
}

/** True once the whole of `date` has ended in the time zone (a due date can be met through its last second). */
export function hasDayEnded(date: string, now: Date, timeZone = DEFAULT_TIME_ZONE): boolean {
  return localDate(now, timeZone) > date;
}

/** The 12 periods ending with `period`, oldest first. */
export function lastPeriods(period: string, count = 12): string[] {
  const [y, m] = period.split('-').map(Number);
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(Date.UTC(y, m - 1 - (count - 1 - i), 1));
    return d.toISOString().slice(0, 7);
  });
}
