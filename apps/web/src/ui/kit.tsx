import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import {
  ButtonHTMLAttributes,
  createContext,
  ReactNode,
  useCallback,
  useContext,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
} from 'react';
import { api, asProblem, Problem } from '../api/client';
import { knownFieldMessage } from '../i18n/problems';
import { MonthInput } from './date-input';
import { keyOf } from '../api/queries';
import { useI18n } from '../i18n/i18n';
import { addMonths, isPeriod } from '../format';
import { waitText } from '../accounts';
import { useSession } from '../session';

// ---------------------------------------------------------------- fields

export interface ControlProps {
  id: string;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
  'aria-required'?: boolean;
}

/** A labelled control with its hint and its error beside it (tests and screen readers find it by label). */
export function Field(props: {
  label: string;
  error?: string;
  hint?: ReactNode;
  required?: boolean;
  className?: string;
  children: (control: ControlProps) => ReactNode;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [props.hint ? hintId : '', props.error ? errorId : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field ${props.error ? 'field--invalid' : ''} ${props.className ?? ''}`}>
      <div className="field__head">
        <label htmlFor={id}>{props.label}</label>
        {props.required ? (
          <span className="required" aria-hidden="true">
            *
          </span>
        ) : null}
      </div>
      {props.children({
        id,
        'aria-invalid': props.error ? true : undefined,
        'aria-describedby': describedBy,
        'aria-required': props.required || undefined,
      })}
      {props.hint ? (
        <div className="field__hint" id={hintId}>
          {props.hint}
        </div>
      ) : null}
      {props.error ? (
        <div className="field__error" id={errorId} role="alert">
          {props.error}
        </div>
      ) : null}
    </div>
  );
}

export function Button({
  kind = 'secondary',
  busy,
  children,
  className,
  disabled,
  ...rest
}: ButtonHTMLAttributes<HTMLButtonElement> & { kind?: 'primary' | 'secondary' | 'danger' | 'ghost'; busy?: boolean }) {
  return (
    <button
      type="button"
      {...rest}
      className={`btn btn--${kind} ${className ?? ''}`}
      disabled={busy || disabled}
      aria-busy={busy || undefined}
    >
      {busy ? <span className="spinner" aria-hidden="true" /> : null}
      {children}
    </button>
  );
}

/**
 * The second, explicit step before an action that cannot be undone: it says what will happen and
 * acts only on its own button. Cancel or Escape changes nothing; Cancel has the focus, so a stray
 * Enter does not act either.
 */
export function Confirm({
  label,
  children,
  confirmLabel,
  busy,
  disabled,
  error,
  onConfirm,
  onCancel,
}: {
  label: string;
  children: ReactNode;
  confirmLabel: string;
  busy?: boolean;
  /** Not yet: what will happen is still being asked, or the action would be refused anyway. */
  disabled?: boolean;
  error?: unknown;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => cancel.current?.focus(), []);
  return (
    <div
      className="subform confirm"
      role="alertdialog"
      aria-label={label}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onCancel();
        }
      }}
    >
      <p>{children}</p>
      <ProblemBox error={error} />
      <div className="form-actions">
        <Button kind="danger" busy={busy} disabled={disabled} onClick={onConfirm}>
          {confirmLabel}
        </Button>
        <button ref={cancel} type="button" className="btn btn--ghost" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </div>
  );
}

// ---------------------------------------------------------------- toasts

interface Toast {
  id: number;
  text: string;
  kind: 'success' | 'error' | 'info';
}

const ToastContext = createContext<(text: string, kind?: Toast['kind']) => void>(() => undefined);

/** Every action that changes data says what happened, in a banner that stays a few seconds. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const next = useRef(1);
  const { t } = useI18n();
  const show = useCallback((text: string, kind: Toast['kind'] = 'success') => {
    const id = next.current++;
    setToasts((ts) => [...ts.slice(-3), { id, text, kind }]);
    window.setTimeout(() => setToasts((ts) => ts.filter((x) => x.id !== id)), kind === 'error' ? 12000 : 8000);
  }, []);
  return (
    <ToastContext.Provider value={show}>
      {children}
      <div className="toasts" role="status" aria-live="polite">
        {toasts.map((x) => (
          <div key={x.id} className={`toast toast--${x.kind}`}>
            <span>{x.text}</span>
            <button
              type="button"
              className="toast__close"
              aria-label={t('common.close')}
              onClick={() => setToasts((ts) => ts.filter((y) => y.id !== x.id))}
            >
              ×
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export const useToast = () => useContext(ToastContext);

// ---------------------------------------------------------------- problems

/** A problem in the reader's language: the translation of its code when we know it, else its detail. */
export function useProblemText() {
  const { t, tryT } = useI18n();
  return (p: Problem, context?: string): string => {
    if (p.code === 'NETWORK') return tryT('problem.NETWORK', p.detail);
    // a refusal that says how long to wait (429, Retry-After) tells the user when to try again
    const waitVars = p.retryAfterSeconds ? { wait: waitText(p.retryAfterSeconds, t) } : undefined;
    const wait = waitVars
      ? (context && tryT(`problem.${context}.${p.code}.wait`, '', waitVars)) || tryT(`problem.${p.code}.wait`, '', waitVars)
      : '';
    // the same code can mean something more precise where it was refused (a callback, say)
    const known = wait || (context && tryT(`problem.${context}.${p.code}`, '')) || tryT(`problem.${p.code}`, '');
    if (known) return known;
    if (p.status === 403) return tryT('problem.FORBIDDEN', p.detail);
    if (p.status === 401) return tryT('problem.UNAUTHORIZED', p.detail);
    if (p.status >= 500) return tryT('problem.SERVER', p.detail);
    // a code this page does not know yet: said in the reader's language, the server's words beneath
    return t('problem.unknown', { code: p.code || String(p.status) });
  };
}

/**
 * A refusal shown plainly above a form: what it means in the reader's language, each refused
 * field, and the server's own words (English, for the record) as a smaller line beneath.
 */
export function ProblemBox({ error, context }: { error: unknown; context?: string }) {
  const { t, lang } = useI18n();
  const text = useProblemText();
  if (!error) return null;
  const p = asProblem(error);
  const message = text(p, context);
  return (
    <div className="notice notice--error" role="alert" data-code={p.code}>
      <strong>{message}</strong>
      {p.errors?.length ? (
        <ul className="notice__list">
          {p.errors.map((e) => {
            const known = knownFieldMessage(e.message, lang);
            return (
              <li key={e.field + e.message}>
                <code>{e.field}</code>: {known ?? <span lang="en">{e.message}</span>}
              </li>
            );
          })}
        </ul>
      ) : null}
      {p.detail && p.detail !== message ? (
        <p className="notice__detail" data-detail="server">
          <span className="visually-hidden">{t('problem.serverSaid')}: </span>
          <span lang="en">{p.detail}</span>
        </p>
      ) : null}
    </div>
  );
}

// ---------------------------------------------------------------- loading, empty and error states

export function Loading({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <div className="state state--loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {label ?? t('common.loading')}
    </div>
  );
}

export function Empty({ children }: { children?: ReactNode }) {
  const { t } = useI18n();
  return <div className="state state--empty">{children ?? t('common.empty')}</div>;
}

/** A page that could not be shown: not allowed, not found, or failed, with a way to try again. */
export function ErrorState({ error, retry }: { error: unknown; retry?: () => void }) {
  const { t } = useI18n();
  const text = useProblemText();
  const p = asProblem(error);
  if (p.status === 403)
    return (
      <div className="state state--forbidden" role="alert" data-state="not-allowed">
        <svg className="state__icon" viewBox="0 0 24 24" width="44" height="44" aria-hidden="true">
          <circle cx="12" cy="12" r="10" fill="none" stroke="currentColor" strokeWidth="2" />
          <path d="M5 5l14 14" stroke="currentColor" strokeWidth="2" />
        </svg>
        <h2>{t('state.notAllowed.title')}</h2>
        <p>{t('state.notAllowed.body')}</p>
        <Link href="#/">{t('state.home')}</Link>
      </div>
    );
  if (p.status === 404)
    return (
      <div className="state state--missing" role="alert" data-state="not-found">
        <h2>{t('state.notFound.title')}</h2>
        <p>{text(p)}</p>
        <Link href="#/">{t('state.home')}</Link>
      </div>
    );
  return (
    <div className="state state--error" role="alert" data-state="error">
      <h2>{t('state.error.title')}</h2>
      <p>{text(p)}</p>
      {retry ? <Button onClick={retry}>{t('common.retry')}</Button> : null}
    </div>
  );
}

function Link({ href, children }: { href: string; children: ReactNode }) {
  return (
    <a className="btn btn--secondary" href={href}>
      {children}
    </a>
  );
}

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/**
 * A GET for a page: cached under its path (api/queries.ts), read again when it is shown, on focus
 * and on reconnect; while another path loads (another month, say), the last answer stays in view.
 */
export function useLoad<T>(path: string): Loaded<T> {
  const q = useQuery({ queryKey: keyOf(path), queryFn: () => api.get<T>(path), placeholderData: keepPreviousData });
  return { data: q.data, error: q.error, loading: q.isFetching, reload: () => void q.refetch() };
}

/** A list read a page at a time: the pages so far as one list, and `more` while there is a next page. */
export interface LoadedPages<T> extends Loaded<{ items: T[] }> {
  more: { busy: boolean; load: () => void } | null;
}

/**
 * A list with a "load more": `path(after)` is the page after `after` (the first without it), and
 * `next` reads where the page after a page starts. A page that cannot be loaded is told in a toast,
 * leaving the list as it was.
 */
export function useLoadPages<P extends { items: unknown[] }, C extends string | number>(
  path: (after?: C) => string,
  next: (page: P) => C | null | undefined,
): LoadedPages<P['items'][number]> {
  const toast = useToast();
  const problemText = useProblemText();
  const q = useInfiniteQuery({
    queryKey: [...keyOf(path()), 'pages'],
    queryFn: ({ pageParam }) => api.get<P>(path(pageParam as C | undefined)),
    initialPageParam: undefined as C | undefined,
    getNextPageParam: (page) => next(page) || undefined,
    placeholderData: keepPreviousData,
  });
  const pages = q.data?.pages;
  const data = useMemo(() => (pages ? { items: pages.flatMap((p): P['items'] => p.items) } : undefined), [pages]);
  const loadMore = async () => {
    const r = await q.fetchNextPage();
    if (r.isFetchNextPageError) toast(problemText(asProblem(r.error)), 'error');
  };
  return {
    data,
    error: q.isFetchNextPageError ? null : q.error,
    loading: q.isFetching && !q.isFetchingNextPage,
    reload: () => void q.refetch(),
    more: q.hasNextPage ? { busy: q.isFetchingNextPage, load: () => void loadMore() } : null,
  };
}

/**
 * Loading, error or the content, the same way on every page. Content already shown stays while it
 * is read again; if that fails, the failure is shown above it.
 */
export function Async<T>({ loaded, children }: { loaded: Loaded<T>; children: (data: T) => ReactNode }) {
  if (loaded.data === undefined) return loaded.error ? <ErrorState error={loaded.error} retry={loaded.reload} /> : <Loading />;
  return (
    <>
      {loaded.error ? <ErrorState error={loaded.error} retry={loaded.reload} /> : null}
      <div className={loaded.loading ? 'refreshing' : undefined} aria-busy={loaded.loading || undefined}>
        {children(loaded.data)}
      </div>
    </>
  );
}

/** A list that loads: loading, error, a note when it is empty, or its items. */
export function AsyncList<T>({
  loaded,
  empty,
  children,
}: {
  loaded: Loaded<{ items: T[] }>;
  empty?: ReactNode;
  children: (items: T[]) => ReactNode;
}) {
  return <Async loaded={loaded}>{(data) => (data.items.length === 0 ? <Empty>{empty}</Empty> : children(data.items))}</Async>;
}

/** The "load more" under a paged list (nothing once the last page is in). */
export function LoadMore({ more }: { more: LoadedPages<unknown>['more'] }) {
  const { t } = useI18n();
  if (!more) return null;
  return (
    <div className="table-more">
      <Button busy={more.busy} onClick={more.load}>
        {t('common.loadMore')}
      </Button>
    </div>
  );
}

/**
 * Names each cell of a table after its column head (`data-label`), so that on a narrow screen
 * (styles.css, `.table` below 640px) each row can be shown as a card of "head: value" lines; the
 * cells of the columns named in `first` (by their heads, in that order) get `data-first` and come
 * first on the card. Rows added later (a "load more", a row that changes) are named as they come.
 */
export function labelCells(table: HTMLTableElement, first: readonly string[] = []): void {
  const heads = Array.from(table.tHead?.rows[0]?.cells ?? []).flatMap((th) => {
    const mark = th.querySelector('.sort-mark')?.textContent ?? '';
    const text = (th.dataset.label ?? th.textContent ?? '').replace(mark, '').trim();
    return Array.from({ length: th.colSpan || 1 }, () => text);
  });
  for (const body of Array.from(table.tBodies)) {
    for (const row of Array.from(body.rows)) {
      let column = 0;
      for (const cell of Array.from(row.cells)) {
        const label = heads[column] ?? '';
        if (cell.dataset.label !== label) cell.dataset.label = label;
        const rank = label ? first.indexOf(label) : -1;
        if (rank >= 0) cell.dataset.first = String(rank + 1);
        else if (cell.dataset.first) delete cell.dataset.first;
        column += cell.colSpan || 1;
      }
    }
  }
}

/** A ref for a table of our own markup: its cells are named after their heads, now and as rows change (see `labelCells`). */
export function useCardCells(first: readonly string[] = []): (table: HTMLTableElement | null) => void {
  const key = first.join('\u0000');
  const observer = useRef<MutationObserver | null>(null);
  // the heads travel as one string, so that a new array of the same heads keeps the same ref
  return useCallback(
    (table: HTMLTableElement | null) => {
      observer.current?.disconnect();
      observer.current = null;
      if (!table) return;
      const names = key ? key.split('\u0000') : [];
      labelCells(table, names);
      observer.current = new MutationObserver(() => labelCells(table, names));
      observer.current.observe(table, { childList: true, subtree: true, characterData: true });
    },
    [key],
  );
}

/**
 * A table of rows under a row of column heads (a column left out is `null`), and what follows it,
 * such as a "load more". On a phone each row becomes a card, the columns named in `first` on top.
 */
export function Table({
  label,
  columns,
  first,
  className = 'card table-wrap',
  after,
  children,
}: {
  label?: string;
  columns: Array<string | null>;
  /** The heads of the columns a phone shows first on each card (status, rating, a deadline). */
  first?: string[];
  className?: string;
  after?: ReactNode;
  children: ReactNode;
}) {
  const cards = useCardCells(first);
  return (
    <div className={className}>
      <table className="table" aria-label={label} ref={cards}>
        <thead>
          <tr>{columns.map((c, i) => (c === null ? null : <th key={i}>{c}</th>))}</tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
      {after}
    </div>
  );
}

// ---------------------------------------------------------------- small pieces

export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="page-header">
      <h1>{title}</h1>
      {children ? <div className="page-header__actions">{children}</div> : null}
    </div>
  );
}

/** The month a page shows, with previous and next buttons. */
export function PeriodPicker({ value, onChange, label }: { value: string; onChange: (period: string) => void; label?: string }) {
  const { t } = useI18n();
  return (
    <div className="period-picker">
      <Button kind="ghost" aria-label={t('common.prevMonth')} onClick={() => onChange(addMonths(value, -1))}>
        ‹
      </Button>
      <Field label={label ?? t('common.period')} className="field--inline">
        {(p) => <MonthInput {...p} value={value} onChange={(m) => isPeriod(m) && onChange(m)} />}
      </Field>
      <Button kind="ghost" aria-label={t('common.nextMonth')} onClick={() => onChange(addMonths(value, 1))}>
        ›
      </Button>
    </div>
  );
}

export function Badge({ tone = 'neutral', children }: { tone?: 'neutral' | 'good' | 'warn' | 'bad' | 'info'; children: ReactNode }) {
  return <span className={`badge badge--${tone}`}>{children}</span>;
}

/** A select of the merchants the signed-in user may see. */
export function MerchantSelect(props: {
  label: string;
  value: string;
  onChange: (id: string) => void;
  error?: string;
  required?: boolean;
  allowNone?: string;
}) {
  const { merchants } = useSession();
  const { t } = useI18n();
  return (
    <Field label={props.label} error={props.error} required={props.required}>
      {(p) => (
        <select {...p} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
          <option value="">{props.allowNone ?? t('common.choose')}</option>
          {merchants.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name} · {m.stall}
              {m.suspendedUntil ? ` (${t('merchants.suspendedUntil', { date: m.suspendedUntil })})` : ''}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

export function Dl({ rows }: { rows: Array<[string, ReactNode]> }) {
  return (
    <dl className="dl">
      {rows.map(([k, v]) => (
        <div key={k} className="dl__row">
          <dt>{k}</dt>
          <dd>{v === '' || v === undefined || v === null ? '—' : v}</dd>
        </div>
      ))}
    </dl>
  );
}
