import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');
export const SERVICES = ['registration', 'forms', 'callbacks', 'scoring', 'gateway'] as const;
export type ServiceName = (typeof SERVICES)[number];
export const DEFAULT_PORTS: Record<ServiceName, number> = {
  gateway: 8080,
  registration: 8081,
  forms: 8082,
  callbacks: 8083,
  scoring: 8084,
};

export interface SystemOptions {
  databaseUrl: string;
  topicPrefix?: string;
  testClock?: boolean;
  ports?: Partial<Record<ServiceName, number>>;
  env?: Record<string, string>;
  logDir?: string;
  /** Echo the services' log lines to this process's output. */
  echo?: boolean;
}

export interface RunningSystem {
  url: string;
  ports: Record<ServiceName, number>;
  services: ServiceName[];
  stop(): Promise<void>;
  kill(service: ServiceName): Promise<void>;
  restart(service: ServiceName): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

async function waitHealthy(name: string, url: string, child: ChildProcess, timeoutMs = 60000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode} while starting (see its log)`);
    try {
      const r = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) });
      if (r.ok) return;
      last = await r.text();
    } catch (e) {
      last = String(e);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${name} did not become healthy at ${url} within ${timeoutMs} ms; last answer: ${last}`);
}

/**
 * Starts every service that exists under apps/ as its own process (the same way in the
 * run command and the end-to-end tests) and waits until each answers /health.
 */
export async function startSystem(opts: SystemOptions): Promise<RunningSystem> {
  const services = SERVICES.filter((s) => existsSync(path.join(ROOT, 'apps', s, 'src', 'main.ts')));
  const ports = { ...DEFAULT_PORTS, ...opts.ports } as Record<ServiceName, number>;
  const logDir = opts.logDir ?? path.join(ROOT, '.cache', 'logs');
  mkdirSync(logDir, { recursive: true });
  const children = new Map<ServiceName, ChildProcess>();
  const env = (s: ServiceName): NodeJS.ProcessEnv => ({
    ...process.env,
    NODE_ENV: process.env.NODE_ENV ?? 'development',
    SERVICE_NAME: s,
    PORT: String(ports[s]),
    DATABASE_URL: opts.databaseUrl,
    KAFKA_TOPIC_PREFIX: opts.topicPrefix ?? '',
    TEST_CLOCK: opts.testClock ? '1' : '',
    REGISTRATION_URL: `http://127.0.0.1:${ports.registration}`,
    FORMS_URL: `http://127.0.0.1:${ports.forms}`,
    CALLBACKS_URL: `http://127.0.0.1:${ports.callbacks}`,
    SCORING_URL: `http://127.0.0.1:${ports.scoring}`,
    KAFKAJS_NO_PARTITIONER_WARNING: '1',
    ...opts.env,
  });

  const launch = async (s: ServiceName) => {
    const log = createWriteStream(path.join(logDir, `${s}.log`), { flags: 'a' });
    const child = spawn(process.execPath, ['-r', '@swc-node/register', path.join('apps', s, 'src', 'main.ts')], {
      cwd: ROOT,
      env: env(s),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [child.stdout!, child.stderr!]) {
      stream.pipe(log, { end: false });
      if (opts.echo) stream.on('data', (d: Buffer) => process.stdout.write(d));
    }
    children.set(s, child);
    await waitHealthy(s, `http://127.0.0.1:${ports[s]}`, child);
  };

  const stopOne = async (s: ServiceName, signal: NodeJS.Signals = 'SIGTERM') => {
    const child = children.get(s);
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 8000);
    await exited;
    clearTimeout(timer);
  };

  try {
    // the four domain services first, in parallel; the entry point last
    await Promise.all(services.filter((s) => s !== 'gateway').map(launch));
    if (services.includes('gateway')) await launch('gateway');
  } catch (e) {
    await Promise.all(services.map((s) => stopOne(s, 'SIGKILL')));
    throw e;
  }

  return {
    url: `http://127.0.0.1:${ports.gateway}`,
    ports,
    services,
    async stop() {
      await Promise.all(services.map((s) => stopOne(s)));
    },
    async kill(s) {
      await stopOne(s, 'SIGKILL');
    },
    async restart(s) {
      await stopOne(s);
      await launch(s);
    },
  };
}
