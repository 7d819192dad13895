/**
 * Work a transaction may put off until just before it commits, once for many changes: a
 * consumer's chunk of messages shares one transaction, and a projection that recomputes a
 * summary for each message can recompute it once for the chunk instead. Only where the
 * transaction's owner promises to run the deferred work (`withBeforeCommit`) is anything
 * deferred; elsewhere `deferred` returns null and the caller does the work at once.
 */
type Deferred = Map<string, { state: unknown; run: (state: unknown) => Promise<void> }>;
const scopes = new WeakMap<object, Deferred>();

/** Runs `body` with `tx` as a scope for deferred work, then that work, in the order it was first deferred. */
export async function withBeforeCommit<T>(tx: object, body: () => Promise<T>): Promise<T> {
  const deferred: Deferred = new Map();
  scopes.set(tx, deferred);
  try {
    const result = await body();
    for (const { state, run } of deferred.values()) await run(state);
    return result;
  } finally {
    scopes.delete(tx);
  }
}

/**
 * The state of the work named `key` deferred in `tx` (made by `init` the first time, run by
 * `run` before the commit), or null when `tx` has no scope: then the caller works at once.
 */
export function deferred<S>(tx: object, key: string, init: () => S, run: (state: S) => Promise<void>): S | null {
  const scope = scopes.get(tx);
  if (!scope) return null;
  let entry = scope.get(key);
  if (!entry) {
    entry = { state: init(), run: run as (state: unknown) => Promise<void> };
    scope.set(key, entry);
  }
  return entry.state as S;
}
