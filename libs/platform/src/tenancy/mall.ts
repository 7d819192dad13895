import { AsyncLocalStorage } from 'node:async_hooks';
import { DEFAULT_MALL } from '@fd/contracts';

export { DEFAULT_MALL, mallIdSchema, mallOf } from '@fd/contracts';

/**
 * One deployment serves several malls (docs/architecture.md, "Malls"). Every row a service keeps
 * for a mall carries its `mall_id`, and PostgreSQL's row-level security shows a connection only
 * the rows of the mall it is set to (`fd.mall`). The code that reads and writes never names the
 * mall: it runs "in" one, and the connection it takes from the pool is set to that mall first.
 */

/**
 * Work that looks across malls runs in this context: to find what is due in each (a sweep), or to
 * change rows wherever they are (a purge, a backfill); a row keeps its mall, and no new row can be made.
 */
export const EVERY_MALL = '*';

interface MallScope {
  mall: string | null;
}

const scope = new AsyncLocalStorage<MallScope>();

/**
 * The mall the current request or message belongs to. A request whose caller is not known yet
 * (or a public page before it found its mall) belongs to none: the database then shows nothing.
 * Work outside any request or message (a tool, a test's own reading) is the default mall's.
 */
export function currentMall(): string | null {
  const s = scope.getStore();
  return s ? s.mall : DEFAULT_MALL;
}

/** The mall the current work belongs to, for what must name one (an event on Kafka); refuses work of no mall or of every mall. */
export function requireMall(): string {
  const mall = currentMall();
  if (!mall || mall === EVERY_MALL) throw new Error('this needs a mall, and the current work belongs to none');
  return mall;
}

/** Runs `fn` in `mall`: its queries see that mall's rows only, and what it writes belongs to it. */
export function inMall<T>(mall: string, fn: () => T): T {
  return scope.run({ mall }, fn);
}

/** Runs `fn` across every mall: for finding what is due in each; the rows it finds name their mall. */
export function acrossMalls<T>(fn: () => T): T {
  return scope.run({ mall: EVERY_MALL }, fn);
}

/** Opens a request's scope with no mall yet; the guard names it once it knows who calls (`enterMall`). */
export function withMallScope<T>(fn: () => T): T {
  return scope.run({ mall: null }, fn);
}

/** Names the mall of the request whose scope `withMallScope` opened. */
export function enterMall(mall: string): void {
  const s = scope.getStore();
  if (!s) throw new Error('no mall scope is open for this request');
  s.mall = mall;
}

/** The Kafka key of a stream: its id in the default mall (as before there were several), else prefixed by the mall. */
export function mallKey(mall: string, streamId: string): string {
  return mall === DEFAULT_MALL ? streamId : `${mall}/${streamId}`;
}
