import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, WriteStream } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Client } from 'pg';
import { passwordsFromEnv, provisionServiceRoles, serviceDatabaseUrl } from '../db/service-roles';

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

/** How a supervised system notices a dead or hung service and starts it again (docs/operations.md, "Supervision"). */
export interface SupervisionOptions {
  /** Period of the `GET /health/live` probe (ms). */
  probeIntervalMs?: number;
  /** Consecutive failed probes (no answer within the period, or 5xx) after which the process is killed. */
  probeFailures?: number;
  /** First delay before a restart (ms); it doubles with each restart up to `maxBackoffMs`. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** A process that stayed up this long starts the backoff over (ms). */
  resetAfterMs?: number;
}

export interface SystemOptions {
  /**
   * The administrator's address of the system's database. The runner provisions the services'
   * roles with it (tools/db/service-roles.ts) and gives each service the same address with its
   * own role; with `serviceRoles: false`, every service gets this one.
   */
  databaseUrl: string;
  /** Run each service as its own PostgreSQL role, owner of its schema only (default true, as in production). */
  serviceRoles?: boolean;
  topicPrefix?: string;
  testClock?: boolean;
  /** The port of each service's first instance (further instances get free ports). */
  ports?: Partial<Record<ServiceName, number>>;
  /** How many processes of a service to run (default 1 each); the gateway gets all their URLs. */
  instances?: Partial<Record<ServiceName, number>>;
  env?: Record<string, string>;
  logDir?: string;
  /** Echo the services' log lines to this process's output. */
  echo?: boolean;
  /** Restart a service that exits or stops answering /health/live (true: the defaults). */
  supervise?: boolean | SupervisionOptions;
  /** Where the supervisor's JSON lines go (default: this process's stdout). */
  log?: (line: string) => void;
  /** The Node binary that runs the services (default: the one running this). */
  node?: string;
  /** Run the services from their TypeScript sources through @swc-node/register, as before dist/ (only to compare: docs/benchmarks.md). */
  fromSource?: boolean;
}

export interface RunningSystem {
  url: string;
  /** The port of each service's first instance. */
  ports: Record<ServiceName, number>;
  /**
   * Where each service's first instance answers /metrics and the details of /health: its port,
   * but the entry point's management port for the gateway (the public port hides them).
   */
  metricsPorts: Record<ServiceName, number>;
  services: ServiceName[];
  /** Every instance's base URL, per service. */
  urls(service: ServiceName): string[];
  /** The pid of an instance's current process (instance counts from 1), or null while it is down. */
  pid(service: ServiceName, instance?: number): number | null;
  /** Automatic restarts so far, per instance (`forms`, or `forms-1`, `forms-2` with several). */
  restarts(): Record<string, number>;
  stop(): Promise<void>;
  /** SIGKILLs an instance (every instance of the service without one); a supervised system restarts it by itself. */
  kill(service: ServiceName, instance?: number): Promise<void>;
  /** Stops an instance (every instance without one) and starts it again, waiting until it is healthy. */
  restart(service: ServiceName, instance?: number): Promise<void>;
}

const SUPERVISION_DEFAULTS: Required<SupervisionOptions> = {
  probeIntervalMs: 1000,
  probeFailures: 3,
  initialBackoffMs: 500,
  maxBackoffMs: 30000,
  resetAfterMs: 60000,
};

/**
 * A young generation of 4 MB semi-spaces instead of V8's 16 MB: an idle service keeps ~25 MB
 * less resident (docs/benchmarks.md, "Service start and memory"). NODE_OPTIONS naming its own
 * size wins.
 */
export function serviceNodeOptions(given = ''): string {
  return /--max-semi-space-size/.test(given) ? given : `${given} --max-semi-space-size=4`.trim();
}

/** Runs `fn` on the PostgreSQL server's own `postgres` database: creating and dropping a run's database. */
export async function onDatabaseServer<T>(fn: (c: Client) => Promise<T>, url = 'postgres://postgres@127.0.0.1:5432/postgres'): Promise<T> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Whether a port can be listened on now (127.0.0.1). */
function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** The lowest port the kernel hands out to outgoing connections (ip_local_port_range), if known. */
function ephemeralLow(): number | null {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > 20000 ? low : null;
  } catch {
    return null;
  }
}

/**
 * A port to start a service on. Chosen below the kernel's range for outgoing connections, so
 * that between the choice and the service's listen no client socket (a Kafka or database
 * connection of another process) can take it, which happened with ports the kernel handed out
 * (EADDRINUSE at start, under load). Falls back to a port the kernel chooses.
 */
export async function freePort(): Promise<number> {
  const low = ephemeralLow();
  if (low !== null)
    for (let i = 0; i < 50; i++) {
      const port = 20000 + Math.floor(Math.random() * (low - 20000));
      if (await canListen(port)) return port;
    }
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Ready means `/health/ready` answers 200. A service without that route (404, or not a JSON
 * health answer) is judged by `/health` instead.
 */
async function isReady(url: string): Promise<{ ok: boolean; answer: string }> {
  const r = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(2000) });
  const body = await r.text();
  const isHealthAnswer = (r.status === 200 || r.status === 503) && (r.headers.get('content-type') ?? '').includes('json');
  if (isHealthAnswer) return { ok: r.status === 200, answer: body };
  const h = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) });
  return { ok: h.ok, answer: await h.text() };
}

async function waitHealthy(name: string, url: string, child: ChildProcess, timeoutMs = 60000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`${name} exited (${child.signalCode ?? `code ${child.exitCode}`}) while starting (see its log)`);
    try {
      const r = await isReady(url);
      if (r.ok) return;
      last = r.answer;
    } catch (e) {
      last = String(e);
    }
    await sleep(150);
  }
  throw new Error(`${name} did not become healthy at ${url} within ${timeoutMs} ms; last answer: ${last}`);
}

/**
 * Alive unless `/health/live` fails to answer within the timeout or answers 5xx. A 404 is
 * alive: a service without that route answers, so its process is not hung.
 */
async function isAlive(url: string, timeoutMs: number): Promise<boolean> {
  try {
    const r = await fetch(`${url}/health/live`, { signal: AbortSignal.timeout(timeoutMs) });
    await r.arrayBuffer();
    return r.status < 500;
  } catch {
    return false;
  }
}

/** Compiles the services to dist/ where a source is newer than its output (tools/build/build.js; fast when nothing changed). */
export function buildServices(): void {
  try {
    execFileSync(process.execPath, [path.join(ROOT, 'tools', 'build', 'build.js')], { cwd: ROOT, stdio: 'pipe' });
  } catch (e: any) {
    throw new Error(`the services do not compile: ${e.stderr?.toString() || e.message}`);
  }
}

/** One process slot: a service's instance, with its current process (if any) and its supervision state. */
interface Instance {
  service: ServiceName;
  index: number;
  /** `forms` when the service runs once, `forms-1`, `forms-2`, ... when several. */
  name: string;
  port: number;
  url: string;
  log: WriteStream;
  child: ChildProcess | null;
  /** True from launch until healthy: the probe leaves a starting process alone. */
  starting: boolean;
  startedAt: number;
  restarts: number;
  backoffMs: number;
  failedProbes: number;
  /** Set while this runner itself stops or restarts the process, so the exit is not a crash. */
  expectedExit: boolean;
  restartTimer: NodeJS.Timeout | null;
}

/**
 * Starts every service that exists under apps/ as its own process from its compiled code in
 * dist/ (the same way in the run command and the end-to-end tests), several processes of a
 * service when asked, and waits until each is ready. Each service connects as its own
 * PostgreSQL role, provisioned first with the administrator's `databaseUrl`. Supervised, it
 * restarts a process that exits or stops answering /health/live, with exponential backoff.
 */
export async function startSystem(opts: SystemOptions): Promise<RunningSystem> {
  const services = SERVICES.filter((s) => existsSync(path.join(ROOT, 'apps', s, 'src', 'main.ts')));
  if (!opts.fromSource) buildServices();
  const ports = { ...DEFAULT_PORTS, ...opts.ports } as Record<ServiceName, number>;
  // the gateway's management port (/metrics, health details): beside the default port, else a free one
  const managementPort = ports.gateway === DEFAULT_PORTS.gateway ? DEFAULT_PORTS.gateway + 1000 : await freePort();
  const logDir = opts.logDir ?? path.join(ROOT, '.cache', 'logs');
  mkdirSync(logDir, { recursive: true });
  const supervision = opts.supervise ? { ...SUPERVISION_DEFAULTS, ...(opts.supervise === true ? {} : opts.supervise) } : null;
  const writeLog = opts.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const node = opts.node ?? process.execPath;
  // each service as its own role (passwords from REGISTRATION_DATABASE_PASSWORD and so on; trust authentication needs none)
  const ownRoles = opts.serviceRoles ?? true;
  const passwords = passwordsFromEnv(services, { ...process.env, ...opts.env });
  if (ownRoles) await provisionServiceRoles(opts.databaseUrl, { services, testClock: opts.testClock, passwords });
  const databaseUrlOf = (s: ServiceName) =>
    ownRoles ? serviceDatabaseUrl(opts.databaseUrl, s, { password: passwords[s] }) : opts.databaseUrl;

  const instances = new Map<ServiceName, Instance[]>();
  for (const s of services) {
    const n = Math.max(1, opts.instances?.[s] ?? 1);
    if (s === 'gateway' && n > 1) throw new Error('the gateway runs once: it is the one public entry point');
    const list: Instance[] = [];
    for (let i = 1; i <= n; i++) {
      const port = i === 1 ? ports[s] : await freePort();
      const name = n === 1 ? s : `${s}-${i}`;
      list.push({
        service: s,
        index: i,
        name,
        port,
        url: `http://127.0.0.1:${port}`,
        log: createWriteStream(path.join(logDir, `${name}.log`), { flags: 'a' }),
        child: null,
        starting: false,
        startedAt: 0,
        restarts: 0,
        backoffMs: supervision?.initialBackoffMs ?? 0,
        failedProbes: 0,
        expectedExit: false,
        restartTimer: null,
      });
    }
    instances.set(s, list);
  }
  const all = () => [...instances.values()].flat();
  const urls = (s: ServiceName) => (instances.get(s) ?? []).map((i) => i.url);
  const urlsOf = (s: ServiceName) => (instances.has(s) ? urls(s).join(',') : `http://127.0.0.1:${ports[s]}`);
  let stopping = false;
  // Keys have no default in the services: a run given none makes its own, shared by its instances.
  const keys = Object.fromEntries(
    ['JWT_SECRET', 'FORM_CODE_KEY', 'CALLBACK_SAMPLE_KEY'].map((k) => [k, process.env[k] || randomBytes(32).toString('base64url')]),
  );

  // a service sees its own database address only: not the administrator's, nor another role's password
  const withoutDatabaseSecrets = (e: NodeJS.ProcessEnv = {}) =>
    Object.fromEntries(Object.entries(e).filter(([k]) => k !== 'DATABASE_ADMIN_URL' && !k.endsWith('_DATABASE_PASSWORD')));
  const env = (inst: Instance): NodeJS.ProcessEnv => ({
    ...withoutDatabaseSecrets(process.env),
    ...keys,
    ...(opts.fromSource ? {} : { NODE_OPTIONS: serviceNodeOptions(process.env.NODE_OPTIONS) }),
    NODE_ENV: process.env.NODE_ENV ?? 'development',
    SERVICE_NAME: inst.service,
    PORT: String(inst.port),
    ...(inst.service === 'gateway' ? { MANAGEMENT_PORT: String(managementPort) } : {}),
    DATABASE_URL: databaseUrlOf(inst.service),
    KAFKA_TOPIC_PREFIX: opts.topicPrefix ?? '',
    TEST_CLOCK: opts.testClock ? '1' : '',
    // several instances: a comma-separated list (the gateway spreads requests over it)
    REGISTRATION_URL: urlsOf('registration'),
    FORMS_URL: urlsOf('forms'),
    CALLBACKS_URL: urlsOf('callbacks'),
    SCORING_URL: urlsOf('scoring'),
    KAFKAJS_NO_PARTITIONER_WARNING: '1',
    ...withoutDatabaseSecrets(opts.env),
  });

  const event = (inst: Instance, msg: string, fields: Record<string, unknown> = {}) => {
    const line = JSON.stringify({
      time: new Date().toISOString(),
      level: 'warn',
      service: 'supervisor',
      msg,
      instance: inst.name,
      ...fields,
    });
    writeLog(line);
    inst.log.write(`${line}\n`);
  };

  /** Starts the instance's process and resolves when it is ready. */
  const launch = async (inst: Instance) => {
    const args = opts.fromSource
      ? ['-r', '@swc-node/register', path.join('apps', inst.service, 'src', 'main.ts')]
      : [path.join('dist', 'apps', inst.service, 'src', 'main.js')];
    // SERVICE_NODE_ARGS: extra flags for the services' node (diagnostics, e.g. `--cpu-prof --cpu-prof-dir=DIR`)
    const extra = (process.env.SERVICE_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const child = spawn(node, [...extra, ...args], {
      cwd: ROOT,
      env: env(inst),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [child.stdout!, child.stderr!]) {
      stream.pipe(inst.log, { end: false });
      if (opts.echo) stream.on('data', (d: Buffer) => process.stdout.write(d));
    }
    inst.child = child;
    inst.starting = true;
    inst.startedAt = Date.now();
    inst.failedProbes = 0;
    inst.expectedExit = false;
    child.once('exit', (code, signal) => onExit(inst, child, code, signal));
    try {
      await waitHealthy(inst.name, inst.url, child);
    } finally {
      if (inst.child === child) inst.starting = false;
    }
  };

  const onExit = (inst: Instance, child: ChildProcess, code: number | null, signal: NodeJS.Signals | null) => {
    if (inst.child !== child) return;
    inst.child = null;
    if (!supervision || stopping || inst.expectedExit) return;
    scheduleRestart(inst, `exited (${signal ?? `code ${code}`})`);
  };

  const scheduleRestart = (inst: Instance, reason: string) => {
    if (!supervision || stopping || inst.restartTimer) return;
    // a process that stayed up long enough starts the backoff over
    if (Date.now() - inst.startedAt >= supervision.resetAfterMs) inst.backoffMs = supervision.initialBackoffMs;
    const delayMs = inst.backoffMs;
    inst.backoffMs = Math.min(inst.backoffMs * 2, supervision.maxBackoffMs);
    inst.restarts++;
    event(inst, 'restarting a service', { reason, restarts: inst.restarts, delayMs });
    inst.restartTimer = setTimeout(() => {
      inst.restartTimer = null;
      if (stopping || inst.child) return;
      const attempt = launch(inst);
      const child = inst.child as ChildProcess | null; // launch has set it before its first await
      attempt.catch((e) => {
        if (stopping || inst.expectedExit || (inst.child && inst.child !== child)) return; // stopped, or restarted by hand
        // did not become ready: kill what is left; its exit schedules the next attempt
        event(inst, 'a restarted service did not become ready', { error: String(e) });
        if (inst.child) inst.child.kill('SIGKILL');
        else scheduleRestart(inst, 'did not start');
      });
    }, delayMs);
  };

  const probe = async (inst: Instance) => {
    if (!supervision || stopping || !inst.child || inst.starting || inst.expectedExit) return;
    const child = inst.child;
    const alive = await isAlive(inst.url, supervision.probeIntervalMs);
    if (inst.child !== child || inst.starting || stopping) return;
    inst.failedProbes = alive ? 0 : inst.failedProbes + 1;
    if (inst.failedProbes >= supervision.probeFailures) {
      event(inst, 'a service stopped answering /health/live; killing it', { failedProbes: inst.failedProbes, pid: child.pid });
      inst.failedProbes = 0;
      child.kill('SIGKILL'); // its exit schedules the restart
    }
  };

  /** Stops an instance's process on purpose (no automatic restart follows). */
  const stopOne = async (inst: Instance, signal: NodeJS.Signals = 'SIGTERM') => {
    if (inst.restartTimer) {
      clearTimeout(inst.restartTimer);
      inst.restartTimer = null;
    }
    const child = inst.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    inst.expectedExit = true;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    if (signal !== 'SIGKILL') child.kill('SIGCONT'); // a stopped process never handles SIGTERM
    const timer = setTimeout(() => child.kill('SIGKILL'), 8000);
    await exited;
    clearTimeout(timer);
  };

  /** SIGKILL as a crash: a supervised instance is restarted by the supervisor. */
  const killOne = async (inst: Instance) => {
    const child = inst.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    if (!supervision) inst.expectedExit = true;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  };

  const pick = (s: ServiceName, instance?: number): Instance[] => {
    const list = instances.get(s);
    if (!list) throw new Error(`no service ${s} in this system`);
    if (instance === undefined) return list;
    const inst = list[instance - 1];
    if (!inst) throw new Error(`${s} has ${list.length} instance(s), not ${instance}`);
    return [inst];
  };

  try {
    // the four domain services first, in parallel; the entry point last
    await Promise.all(
      all()
        .filter((i) => i.service !== 'gateway')
        .map(launch),
    );
    for (const i of instances.get('gateway') ?? []) await launch(i);
  } catch (e) {
    stopping = true;
    await Promise.all(all().map((i) => stopOne(i, 'SIGKILL')));
    throw e;
  }

  let prober: NodeJS.Timeout | null = null;
  let stopped: Promise<void> | null = null;
  if (supervision) prober = setInterval(() => all().forEach((i) => void probe(i)), supervision.probeIntervalMs);
  prober?.unref();

  return {
    url: `http://127.0.0.1:${ports.gateway}`,
    ports: Object.fromEntries(SERVICES.map((s) => [s, instances.get(s)?.[0].port ?? ports[s]])) as Record<ServiceName, number>,
    metricsPorts: Object.fromEntries(
      SERVICES.map((s) => [s, s === 'gateway' ? managementPort : (instances.get(s)?.[0].port ?? ports[s])]),
    ) as Record<ServiceName, number>,
    services,
    urls,
    pid(s, instance = 1) {
      return pick(s, instance)[0].child?.pid ?? null;
    },
    restarts() {
      return Object.fromEntries(all().map((i) => [i.name, i.restarts]));
    },
    stop() {
      stopped ??= (async () => {
        stopping = true;
        if (prober) clearInterval(prober);
        await Promise.all(all().map((i) => stopOne(i)));
        await Promise.all(all().map((i) => new Promise((r) => i.log.end(r))));
      })();
      return stopped;
    },
    async kill(s, instance) {
      await Promise.all(pick(s, instance).map(killOne));
    },
    async restart(s, instance) {
      for (const inst of pick(s, instance)) {
        await stopOne(inst);
        if (stopping) throw new Error(`the system was stopped while ${inst.name} was restarting`);
        await launch(inst);
      }
    },
  };
}
