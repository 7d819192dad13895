// The load harness's command line (docs/benchmarks.md, "Load").
import { Arrivals } from './schedule';

export interface LoadOptions {
  mode: 'run' | 'find-knee' | 'faults';
  short: boolean;
  rate: number;
  fileRate: number;
  scoreRate: number;
  durationS: number;
  warmupS: number;
  arrivals: Arrivals;
  seed: number;
  merchants: number;
  clerks: number;
  /** malls the traffic is spread over: main and malls-1 others, each made by the group administration */
  malls: number;
  fileDelayMs: number;
  freshPerS: number;
  freshMax: number;
  maxInflight: number;
  timeoutMs: number;
  catchUpS: number;
  keep: boolean;
  /** an already running system instead of the harness's own */
  url?: string;
  adminUser: string;
  adminPassword?: string;
  /** the group administration (with --url and --malls above 1) */
  groupUser: string;
  groupPassword?: string;
  servicePorts: Record<string, number>;
  /** processes per service (--instances forms=2,scoring=2), where the system runner supports it */
  instances: Record<string, number>;
  topicPrefix: string;
  /** 'shared' (tools/kafka, 127.0.0.1:9092), 'own' (a second broker on free ports), or host:port of a running one */
  broker: string;
  supervise: boolean;
  kneeRates: number[];
  kneeStepS: number;
  /** climb through every rate, past the first step that misses (on a shared machine one noisy step ends the climb) */
  allSteps: boolean;
  kafkaDownS: number;
  serviceDownS: number;
  faults?: string[];
  json?: string;
  help: boolean;
}

export const USAGE = `npm run load -- [options]

  --rate N            registrations per second (default 10)
  --duration S        seconds of load (default 20)
  --mix r=1,f=1,s=0.5 filings (f) and merchants' score reads (s) per registration (r); default f=1, s=0.5
  --file-rate N       filings per second (overrides the mix); --score-rate N likewise
  --arrivals A        uniform (default) or poisson; --seed N for the traffic's random choices
  --warmup S          seconds of load before the measured part, not counted in the latencies (default 3)
  --merchants N       merchants in the mall (default 20); --clerks N desk accounts (default 4)
  --malls N           malls (default 1): main and N-1 more, each made through the group administration and set
                      up with --merchants and --clerks; the rates are spread over them (registrations round robin)
  --file-delay-ms MS  a form is filed no sooner than this after its registration was answered (default 1000)
  --fresh-per-s N     freshness probes started per second at most (default 2), --fresh-max N at once (default 4)
  --max-inflight N    requests in flight beyond which the harness sends no more (counted as overflow; default 2000)
  --timeout-ms MS     a request without an answer after this is a timeout (default 30000)
  --catch-up S        how long the verification waits for the system to catch up (default 120)
  --find-knee         raise the rate step by step (--rates 10,20,40,...; --step S seconds each, default 25;
                      --all-steps: every rate, not only up to the first that misses an aim)
  --faults            the fault drill (--short: about two minutes, as in CI; --kafka-down S, --service-down S,
                      --only-faults "kill forms,kafka stop/start,...")
  --broker B          shared (tools/kafka on 127.0.0.1:9092), own (a second broker on free ports; the default
                      of --faults), or host:port of a broker already running
  --instances forms=2 processes per service (where the system runner can run several)
  --no-supervise      do not ask the system runner to restart killed services (the drill restarts them)
  --keep              keep the load's database and topics
  --url URL           load a system already running (--admin-user, LOAD_ADMIN_PASSWORD or --admin-password,
                      with --malls: --group-user, LOAD_GROUP_ADMIN_PASSWORD or --group-password,
                      --service-ports registration=8081,forms=8082,..., --topic-prefix P for its consumer groups)
  --json FILE         where the JSON result goes (default .cache/load/<run>/result.json)
`;

export function parseOptions(argv: string[]): LoadOptions {
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}\n\n${USAGE}`);
    const eq = a.indexOf('=');
    if (eq > 0) flags.set(a.slice(2, eq), a.slice(eq + 1));
    else if (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) flags.set(a.slice(2), argv[++i]);
    else flags.set(a.slice(2), true);
  }
  const str = (k: string) => (typeof flags.get(k) === 'string' ? (flags.get(k) as string) : undefined);
  const num = (k: string, d: number) => {
    const v = str(k);
    if (v === undefined) return d;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${k} wants a number, not ${v}`);
    return n;
  };
  const whole = (k: string, d: number, min: number) => {
    const n = num(k, d);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${k} wants a whole number of at least ${min}, not ${str(k)}`);
    return n;
  };
  const mode = flags.has('faults') ? 'faults' : flags.has('find-knee') ? 'find-knee' : 'run';
  const short = flags.has('short');
  const rate = num('rate', mode === 'faults' ? (short ? 5 : 10) : 10);
  const mix = new Map<string, number>([
    ['r', 1],
    ['f', 1],
    ['s', 0.5],
  ]);
  for (const part of (str('mix') ?? '').split(',').filter(Boolean)) {
    const [k, v] = part.split('=');
    const key = k.trim()[0];
    if (!['r', 'f', 's'].includes(key) || !Number.isFinite(Number(v))) throw new Error(`--mix: cannot read ${part}`);
    mix.set(key, Number(v));
  }
  const perRegistration = (k: 'f' | 's') => (rate * mix.get(k)!) / (mix.get('r') || 1);
  const pairs = (k: string) => {
    const out: Record<string, number> = {};
    for (const part of (str(k) ?? '').split(',').filter(Boolean)) {
      const [name, v] = part.split('=');
      if (!Number.isFinite(Number(v))) throw new Error(`--${k}: cannot read ${part}`);
      out[name.trim()] = Number(v);
    }
    return out;
  };
  return {
    mode,
    short,
    rate,
    fileRate: num('file-rate', perRegistration('f')),
    scoreRate: num('score-rate', perRegistration('s')),
    durationS: num('duration', 20),
    warmupS: num('warmup', 3),
    arrivals: str('arrivals') === 'poisson' ? 'poisson' : 'uniform',
    seed: num('seed', Date.now() % 100000),
    merchants: num('merchants', short ? 6 : 20),
    clerks: num('clerks', short ? 2 : 4),
    malls: whole('malls', 1, 1),
    fileDelayMs: num('file-delay-ms', 1000),
    freshPerS: num('fresh-per-s', 2),
    freshMax: num('fresh-max', 4),
    maxInflight: num('max-inflight', 2000),
    timeoutMs: num('timeout-ms', 30000),
    catchUpS: num('catch-up', 120),
    keep: flags.has('keep'),
    url: str('url'),
    adminUser: str('admin-user') ?? 'admin',
    adminPassword: str('admin-password') ?? process.env.LOAD_ADMIN_PASSWORD,
    groupUser: str('group-user') ?? 'group',
    groupPassword: str('group-password') ?? process.env.LOAD_GROUP_ADMIN_PASSWORD,
    servicePorts: pairs('service-ports'),
    instances: pairs('instances'),
    topicPrefix: str('topic-prefix') ?? '',
    broker: str('broker') ?? (mode === 'faults' ? 'own' : 'shared'),
    supervise: !flags.has('no-supervise'),
    kneeRates: (str('rates') ?? '10,20,40,60,80,100,120,150,200,250,300').split(',').map(Number),
    kneeStepS: num('step', 25),
    allSteps: flags.has('all-steps'),
    kafkaDownS: num('kafka-down', short ? 6 : 15),
    serviceDownS: num('service-down', 2),
    faults: str('only-faults')
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    json: str('json'),
    help: flags.has('help'),
  };
}
