import { ServiceRuntime } from '@fd/platform';
import type { ServiceName } from '../proxy/routes';

/** One answer per upstream is reused this long, so probes of the gateway do not multiply into the services. */
const CACHE_MS = 2000;

/**
 * The entry point is ready only while the services behind it are (issue "Stay up under load",
 * item 2): each upstream's `/health/ready` is a readiness check of the gateway. A service
 * with several instances is ready while any of them is.
 */
export function watchUpstreams(rt: ServiceRuntime, urls: Record<ServiceName, string[]>): void {
  for (const [service, instances] of Object.entries(urls) as Array<[ServiceName, string[]]>) {
    let last: { at: number; answer: Promise<true | string> } | null = null;
    rt.health.ready(`upstream ${service}`, () => {
      if (!last || Date.now() - last.at > CACHE_MS) last = { at: Date.now(), answer: anyReady(instances) };
      return last.answer;
    });
  }
}

async function anyReady(instances: string[]): Promise<true | string> {
  const answers = await Promise.all(
    instances.map(async (url) => {
      try {
        const r = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(1500) });
        if (r.ok) return true;
        const body = (await r.json().catch(() => ({}))) as { checks?: Record<string, string> };
        const down = Object.entries(body.checks ?? {}).filter(([, v]) => v !== 'up');
        return `${url} not ready (${down.map(([k, v]) => `${k}: ${v}`).join('; ') || r.status})`;
      } catch (e) {
        return `${url} does not answer (${(e as Error).name})`;
      }
    }),
  );
  return answers.find((a) => a === true) ?? answers.join(' / ');
}
