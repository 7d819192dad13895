import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Module } from '@nestjs/common';
import { bootTestService, probe } from '../testing';
import type { ServiceDefinition } from '../service/boot';

@Module({})
class NothingModule {}

const def: ServiceDefinition = { name: 'watched', schema: 'watched', port: 0, module: () => NothingModule };

/** The metric families of a /metrics text, by name, with their type. */
const families = (text: string) => new Map([...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => [m[1], m[2]]));

describe('what an operator reads of a service (real PostgreSQL and Kafka)', () => {
  it('metrics_showTheProcessFiguresBesideOurs_inEachServiceOfOneProcess', async () => {
    // the tests boot several services in one process: each has its registry, and its process figures
    const [a, b] = await Promise.all([bootTestService(def), bootTestService(def)]);
    try {
      for (const svc of [a, b]) {
        const r = await fetch(`${svc.url}/metrics`);
        expect(r.status).toBe(200);
        expect(r.headers.get('content-type')).toMatch(/^text\/plain;.*version=0\.0\.4/);
        const text = await r.text();
        expect(Object.fromEntries(families(text))).toMatchObject({
          // the process's own: CPU, memory, heap, garbage collection, event-loop lag, handles
          process_cpu_seconds_total: 'counter',
          process_resident_memory_bytes: 'gauge',
          nodejs_heap_size_used_bytes: 'gauge',
          nodejs_gc_duration_seconds: 'histogram',
          nodejs_eventloop_lag_seconds: 'gauge',
          nodejs_eventloop_lag_p99_seconds: 'gauge',
          nodejs_active_handles_total: 'gauge',
          // ours, as before
          outbox_backlog: 'gauge',
          outbox_published_total: 'counter',
          outbox_relay_listening: 'gauge',
        });
        expect(text).toMatch(/^outbox_backlog 0$/m);
        expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
        // one family per name, as Prometheus requires
        expect([...text.matchAll(/^# TYPE /gm)].length).toBe(families(text).size);
      }
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it('logs_areJsonLines_withTheServiceAndTheRequestsCorrelationId_andNoLineForProbes', async () => {
    // a service in a process of its own, as deployed, logging at debug (the request lines' level)
    const child = spawn(process.execPath, ['-r', '@swc-node/register', path.join(__dirname, 'observability.fixture.ts')], {
      cwd: path.resolve(__dirname, '../../../..'),
      env: { ...process.env, LOG_LEVEL: 'debug', SERVICE_NAME: 'watched' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: Array<Record<string, unknown>> = [];
    for (const stream of [child.stdout, child.stderr])
      createInterface({ input: stream }).on('line', (l) => lines.push(l.startsWith('{') ? JSON.parse(l) : { unparsed: l }));
    try {
      const started = await probe(
        async () => lines.find((l) => l.msg === 'service started'),
        (l) => l !== undefined,
        { what: 'the service started', timeoutMs: 60000 },
      );
      const url = String(started!.url);
      expect((await fetch(`${url}/health`)).status).toBe(200);
      const answer = await fetch(`${url}/api/v1/nothing?phone=0912345678`, { headers: { 'x-correlation-id': 'desk-7.log' } });
      expect(answer.status).toBe(404);
      const request = await probe(
        async () => lines.find((l) => l.msg === 'request answered'),
        (l) => l !== undefined,
        { what: 'the request line' },
      );
      expect(request).toMatchObject({
        level: 'debug',
        service: 'watched',
        correlationId: 'desk-7.log',
        req: { method: 'GET', path: '/api/v1/nothing' },
        res: { statusCode: 404 },
      });
      expect(request!.time).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/));
      expect(JSON.stringify(lines)).not.toContain('0912345678'); // a query may hold personal data
      expect(lines.filter((l) => JSON.stringify(l.req ?? '').includes('/health'))).toEqual([]);
      // Nest's own messages are lines of the same kind
      expect(lines).toContainEqual(expect.objectContaining({ level: 'info', service: 'watched', context: 'NestApplication' }));
      expect(lines.filter((l) => 'unparsed' in l)).toEqual([]);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  });
});
