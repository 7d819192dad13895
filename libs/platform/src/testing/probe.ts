/**
 * Polls an eventually-consistent result until `satisfied` accepts it; on timeout fails
 * with a description of the last thing seen.
 */
export async function probe<T>(
  sample: () => Promise<T>,
  satisfied: (value: T) => boolean,
  { timeoutMs = 15000, intervalMs = 50, what = 'the expected state' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await sample();
      lastError = undefined;
      if (satisfied(last)) return last;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) {
      const seen = lastError ? `an error: ${String(lastError)}` : JSON.stringify(last, null, 2)?.slice(0, 4000);
      throw new Error(`Probe timed out after ${timeoutMs} ms waiting for ${what}; last saw ${seen}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
