import { InputHTMLAttributes, KeyboardEvent, useEffect, useState } from 'react';
import { addDays, addMonths, isDate, isPeriod } from '../format';
import { useI18n } from '../i18n/i18n';
import type { Lang } from '../i18n/messages';
import type { ControlProps } from './kit';

/**
 * Dates and months typed as the API reads them (2027-02-15, 2027-02) and shown back in the UI's
 * language, weekday included. The browser's own <input type=date|month> follows the browser's
 * locale, not the language chosen here (a Chinese page showed mm/dd/yyyy and English month
 * names), so these are text fields: typing, pasting and the arrow keys (a day or a month up and
 * down) work the same in every browser, and what was understood is read out beside the field.
 */

/** 2027-02-15 in the UI's language: 2027年2月15日 星期一 / 2027年2月15日 週一 / Mon, 15 Feb 2027. */
export function localDate(date: string, lang: Lang): string {
  if (!isDate(date)) return date;
  return new Intl.DateTimeFormat(lang, { timeZone: 'UTC', year: 'numeric', month: 'long', day: 'numeric', weekday: 'short' }).format(
    new Date(`${date}T00:00:00Z`),
  );
}

/** 2027-02 in the UI's language: 2027年2月 / February 2027. */
export function localMonth(period: string, lang: Lang): string {
  if (!isPeriod(period)) return period;
  return new Intl.DateTimeFormat(lang, { timeZone: 'UTC', year: 'numeric', month: 'long' }).format(new Date(`${period}-01T00:00:00Z`));
}

/** What a desk types for a date, made the API's: 2027/2/15, 2027.2.15, 2027-2-15, 20270215 → 2027-02-15. */
export function normalizeDate(typed: string): string {
  const s = typed.trim();
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  const parts = compact ?? /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(s);
  if (!parts) return s;
  const out = `${parts[1]}-${parts[2].padStart(2, '0')}-${parts[3].padStart(2, '0')}`;
  return isDate(out) ? out : s;
}

/** 2027/2, 2027.2, 2027-2, 2027年2月, 202702 → 2027-02. */
export function normalizeMonth(typed: string): string {
  const s = typed.trim();
  const parts = /^(\d{4})(\d{2})$/.exec(s) ?? /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$/.exec(s);
  if (!parts) return s;
  const out = `${parts[1]}-${parts[2].padStart(2, '0')}`;
  return isPeriod(out) ? out : s;
}

type Props = ControlProps &
  Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'type' | 'min' | 'max'> & {
    value: string;
    onChange: (value: string) => void;
    min?: string;
    max?: string;
  };

function useTyped(value: string, normalize: (s: string) => string) {
  const [typed, setTyped] = useState(value);
  // a value set from outside (a reset after filing, a month button) replaces what was typed
  useEffect(() => setTyped((t) => (normalize(t) === value ? t : value)), [value, normalize]);
  return [typed, setTyped] as const;
}

function TextDate({
  value,
  onChange,
  min,
  max,
  valid,
  normalize,
  move,
  show,
  hint,
  ...rest
}: Props & {
  valid: (s: string) => boolean;
  normalize: (s: string) => string;
  move: (s: string, n: number) => string;
  show: (s: string) => string;
  hint: string;
}) {
  const [typed, setTyped] = useTyped(value, normalize);
  const clamp = (s: string) => (min && s < min ? min : max && s > max ? max : s);
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return rest.onKeyDown?.(e);
    if (!valid(value)) return;
    e.preventDefault();
    const next = clamp(move(value, e.key === 'ArrowUp' ? 1 : -1));
    setTyped(next);
    onChange(next);
  };
  const shown = valid(value) ? show(value) : '';
  const describedBy = [rest['aria-describedby'], `${rest.id}-shown`].filter(Boolean).join(' ');
  return (
    <span className="date-input">
      <input
        {...rest}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        spellCheck={false}
        placeholder={hint}
        value={typed}
        aria-describedby={describedBy}
        onChange={(e) => {
          setTyped(e.target.value);
          onChange(normalize(e.target.value));
        }}
        onBlur={(e) => {
          const n = normalize(typed);
          if (n !== typed && valid(n)) setTyped(n);
          rest.onBlur?.(e);
        }}
        onKeyDown={onKeyDown}
      />
      <span className="date-input__shown" id={`${rest.id}-shown`} aria-live="polite" data-shown={shown ? value : undefined}>
        {shown}
      </span>
    </span>
  );
}

/** A date field: typed as 2027-02-15 (or 2027/2/15), shown in the UI's language with its weekday. */
export function DateInput(props: Props) {
  const { lang, t } = useI18n();
  return (
    <TextDate
      {...props}
      valid={isDate}
      normalize={normalizeDate}
      move={addDays}
      show={(d) => localDate(d, lang)}
      hint={t('dateInput.hint')}
    />
  );
}

/** A month field: typed as 2027-02, shown in the UI's language (2027年2月, February 2027). */
export function MonthInput(props: Props) {
  const { lang, t } = useI18n();
  return (
    <TextDate
      {...props}
      valid={isPeriod}
      normalize={normalizeMonth}
      move={addMonths}
      show={(m) => localMonth(m, lang)}
      hint={t('dateInput.monthHint')}
    />
  );
}
