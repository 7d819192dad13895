// Open-loop traffic: every request has a start time fixed in advance, and it is sent then
// whether or not the earlier ones have been answered. Latency is measured from that scheduled
// time, so a system that falls behind is charged for the queue it builds (no coordinated
// omission: a slow answer never delays, and so never hides, the requests due after it).

export type Arrivals = 'uniform' | 'poisson';

/** A small seeded generator (mulberry32), so a run's traffic can be repeated. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The start times (ms after the start of the run) of a stream of `rate` requests per second
 * over `durationMs`: evenly spaced, or a Poisson process of the same mean rate.
 */
export function scheduleOffsets(rate: number, durationMs: number, arrivals: Arrivals = 'uniform', random = Math.random): number[] {
  const out: number[] = [];
  if (!(rate > 0) || !(durationMs > 0)) return out;
  if (arrivals === 'uniform') {
    for (let i = 0; i * (1000 / rate) < durationMs; i++) out.push(i * (1000 / rate));
    return out;
  }
  for (let t = -Math.log(1 - random()) * (1000 / rate); t < durationMs; t += -Math.log(1 - random()) * (1000 / rate)) out.push(t);
  return out;
}

export interface Stream {
  name: string;
  /** ms after the start, ascending */
  offsets: number[];
  /** Sends one request scheduled at `scheduledAt` (a performance.now() time); never awaited here. */
  fire: (scheduledAt: number, index: number) => void;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Fires every stream's requests at their scheduled times from `t0` (performance.now()),
 * without waiting for any answer. Requests that fall due while the loop was busy are sent
 * at once, still carrying their scheduled time. Resolves when the last one has been fired
 * (not answered), or when `stopped()` says so.
 */
export async function runOpenLoop(streams: Stream[], t0 = performance.now(), stopped: () => boolean = () => false): Promise<void> {
  const events: Array<{ at: number; stream: Stream; index: number }> = [];
  for (const s of streams) s.offsets.forEach((o, index) => events.push({ at: t0 + o, stream: s, index }));
  events.sort((a, b) => a.at - b.at);
  let i = 0;
  while (i < events.length && !stopped()) {
    const wait = events[i].at - performance.now();
    if (wait > 0.5) await sleep(Math.min(wait, 100));
    const now = performance.now();
    while (i < events.length && events[i].at <= now + 0.5) {
      const e = events[i++];
      e.stream.fire(e.at, e.index);
    }
  }
}
