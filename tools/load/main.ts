// feedback-desk load harness: `npm run load -- --rate 20 --duration 20`, `--find-knee`, `--faults`.
// Starts the whole system on a database and topics of its own (or loads one given by --url),
// sets up a mall through the public API, runs open-loop traffic at the given rate, watches
// lag, CPU, memory and the consumer groups, and ends by checking that the system shows exactly
// what it acknowledged. A measurement, not a test: only the verification decides the exit code.
// See docs/benchmarks.md, "Load".
import '../bench/quiet';
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ServiceName } from '../system/system';
import { REPO, fmt, machineFacts } from '../bench/util';
import { ALL_FAULTS, FaultDrill, FaultName, FaultResult } from './faults';
import { closeIdleSockets } from './http';
import { Mall, setUpMall, setUpOtherMall } from './mall';
import { Monitor, WindowFigures, windowFigures } from './monitor';
import { LoadOptions, USAGE, parseOptions } from './options';
import { faultTable, stepTable, verificationText } from './report';
import { seededRandom } from './schedule';
import { Broker, Target, broker, runningTarget, startOwnSystem } from './target';
import { Ledger, RetryReport, StepResult, Traffic, TrafficOptions } from './traffic';
import { Verification, verify } from './verify';

const opts: LoadOptions = (() => {
  try {
    return parseOptions(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(2);
  }
})();
if (opts.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}

const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 12);
const runId = `${stamp}_${randomBytes(2).toString('hex')}`;
const runDir = path.join(REPO, '.cache/load', runId);
mkdirSync(runDir, { recursive: true });
const say = (s: string) => {
  process.stdout.write(`${s}\n`);
  appendFileSync(path.join(runDir, 'load.log'), `${s}\n`);
};
const log = (s: string) => say(`[${new Date().toISOString().slice(11, 19)}] ${s}`);

/** The aims of the "Stay up under load" issue; a step holds when it meets all of them. */
const AIMS = { registerP99Ms: 300, fileP99Ms: 50, freshnessP99Ms: 250 };

function missedAims(step: StepResult, fig: WindowFigures): string[] {
  const out: string[] = [];
  const [reg, file, score] = step.ops;
  for (const op of [reg, file, score]) if (op.errors) out.push(`${op.op}: ${op.errors} not ok (${JSON.stringify(op.byOutcome)})`);
  if (step.registered202) out.push(`${step.registered202} registrations answered 202 (forms not in time)`);
  if (reg.ok.p99 > AIMS.registerP99Ms) out.push(`registration p99 ${fmt(reg.ok.p99)} ms > ${AIMS.registerP99Ms}`);
  if (file.ok.p99 > AIMS.fileP99Ms) out.push(`filing p99 ${fmt(file.ok.p99)} ms > ${AIMS.fileP99Ms}`);
  if (step.freshness.timedOut || !(step.freshness.p99 <= AIMS.freshnessP99Ms))
    out.push(
      `filed → score p99 ${fmt(step.freshness.p99)} ms > ${AIMS.freshnessP99Ms}${step.freshness.timedOut ? `, ${step.freshness.timedOut} never seen` : ''}`,
    );
  if (fig.groupEvents.length) out.push(`consumer groups lost members: ${fig.groupEvents.length} observations`);
  return out;
}

/** Lines of the services' logs that tell of trouble: warnings, errors, group (re)joins. */
function scanLogs(dir: string | undefined) {
  const out: Record<string, { warn: number; error: number; groupJoins: number; examples: string[] }> = {};
  if (!dir || !existsSync(dir)) return out;
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.log'))) {
    const r = { warn: 0, error: 0, groupJoins: 0, examples: [] as string[] };
    for (const line of readFileSync(path.join(dir, f), 'utf8').split('\n')) {
      if (line.includes('consumer joined its group')) r.groupJoins++;
      const level = /"level":"(\w+)"/.exec(line)?.[1];
      if (level === 'warn' || level === 'error') {
        r[level]++;
        if (r.examples.length < 5) r.examples.push(line.slice(0, 400));
      } else if (!line.startsWith('{') && /error/i.test(line) && r.examples.length < 5) r.examples.push(line.slice(0, 400));
    }
    out[f.replace(/\.log$/, '')] = r;
  }
  return out;
}

let target: Target | undefined;
let kafka: Broker | undefined;
let monitor: Monitor | undefined;
let cleaning: Promise<void> | undefined;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    // a shared broker the drill stopped is started again, whatever happened
    if (kafka && !kafka.own && kafka.down) await kafka.start().catch((e) => log(`starting the broker again: ${String(e)}`));
    await monitor?.stop().catch(() => undefined);
    await target?.stop(opts.keep).catch((e) => log(`stopping the system: ${String(e)}`));
    // the own broker stops either way; --keep leaves its data in .cache/load/<run>/kafka
    if (kafka?.own) await (opts.keep ? kafka.stop() : kafka.dispose()).catch((e) => log(`stopping the load's broker: ${String(e)}`));
    closeIdleSockets();
  })();
  return cleaning;
}

async function main(): Promise<number> {
  const facts = machineFacts();
  log(
    `load run ${runId}: mode ${opts.mode}${opts.short ? ' (short)' : ''}, ${opts.malls} mall${opts.malls > 1 ? 's' : ''}; machine: ${facts.nproc} cores, load average ${facts.uptime.split('load average:')[1]?.trim()}`,
  );
  if (opts.mode === 'faults' && opts.url) throw new Error('the fault drill needs the system it starts itself (no --url)');

  if (opts.broker === 'shared' || opts.broker === 'own') kafka = await broker(opts.broker === 'own', path.join(runDir, 'kafka'), log);
  else {
    const address = opts.broker;
    const unsupported = async () => {
      throw new Error(`the broker ${address} is not the harness's to stop or start`);
    };
    kafka = { address, own: false, start: unsupported, stop: unsupported, pid: () => null, dispose: async () => undefined };
  }
  if (opts.url) {
    if (!opts.adminPassword) throw new Error('--url needs the admin password (LOAD_ADMIN_PASSWORD or --admin-password)');
    target = runningTarget({
      url: opts.url,
      adminUsername: opts.adminUser,
      adminPassword: opts.adminPassword,
      groupUsername: opts.groupUser,
      groupPassword: opts.groupPassword,
      ports: opts.servicePorts as Partial<Record<ServiceName, number>>,
      topicPrefix: opts.topicPrefix,
      broker: kafka,
    });
  } else {
    target = await startOwnSystem({
      runId,
      broker: kafka,
      logDir: path.join(runDir, 'logs'),
      supervise: opts.supervise,
      instances: opts.instances,
      runnerLog: (line) => appendFileSync(path.join(runDir, 'runner.log'), `${line}\n`),
      env: { LOG_LEVEL: process.env.LOAD_SERVICE_LOG_LEVEL ?? 'info' },
      log,
    });
    log(`system up at ${target.url}${target.supervised ? ' (supervised: killed services are restarted by the runner)' : ''}`);
  }
  monitor = new Monitor(target);
  await monitor.start();

  const t0 = Date.now();
  // main, set up by its administrator; the others made by the group administration, then set up by their own
  const mallIds = [
    'main',
    ...Array.from({ length: opts.malls - 1 }, (_, i) => (opts.url ? `load-${runId.slice(-4)}-${i + 2}` : `mall${i + 2}`)),
  ];
  if (opts.malls > 1 && !target.groupPassword)
    throw new Error('--malls above 1 needs the group administration (LOAD_GROUP_ADMIN_PASSWORD or --group-password with --url)');
  const malls: Mall[] = [];
  for (const mallId of mallIds) {
    const setUp = { merchants: opts.merchants, clerks: opts.clerks, runId, mallId };
    malls.push(
      mallId === 'main'
        ? await setUpMall(target.url, { username: target.adminUsername, password: target.adminPassword }, setUp)
        : await setUpOtherMall(target.url, { username: target.groupUsername, password: target.groupPassword! }, setUp),
    );
  }
  const settled = await monitor.waitForZeroLag(30000);
  for (const mall of malls)
    log(
      `mall ${mall.id} set up: ${mall.merchants.length} merchants with ${mall.merchants.reduce((a, m) => a + m.staff.length + (m.expiredStaff ? 1 : 0), 0)} staff, ${mall.clerks.length} clerks`,
    );
  log(
    `${malls.length} mall${malls.length > 1 ? 's' : ''} set up in ${fmt((Date.now() - t0) / 1000, 1)} s${settled === null ? ' (consumers still lagging after 30 s)' : ''}${malls.length > 1 ? '; the traffic goes round them (the rates are the total)' : ''}`,
  );

  const ledger = new Ledger();
  const traffic = new Traffic(malls, ledger);
  const random = seededRandom(opts.seed);
  const trafficOptions = (rate: number, durationS: number, over: Partial<TrafficOptions> = {}): TrafficOptions => ({
    rate,
    fileRate: rate === opts.rate ? opts.fileRate : (opts.fileRate / (opts.rate || 1)) * rate,
    scoreRate: rate === opts.rate ? opts.scoreRate : (opts.scoreRate / (opts.rate || 1)) * rate,
    durationS,
    arrivals: opts.arrivals,
    fileDelayMs: opts.fileDelayMs,
    freshPerS: opts.freshPerS,
    freshMax: opts.freshMax,
    maxInflight: opts.maxInflight,
    random,
    runId,
    ...over,
  });
  const steps: Array<{ step: StepResult; figures: WindowFigures; missed: string[] }> = [];
  const runStep = async (label: string, o: TrafficOptions, print = true) => {
    log(`${label}: ${fmt(o.rate, 1)} registrations/s for ${o.durationS} s`);
    const step = await traffic.step(label, o);
    const figures = windowFigures(monitor!, step.startedAt, step.answeredAt + 1000);
    const missed = missedAims(step, figures);
    steps.push({ step, figures, missed });
    if (print) say(`\n${stepTable(step, figures)}\n${missed.length ? `aims missed: ${missed.join('; ')}` : 'all aims met'}\n`);
    return { step, figures, missed };
  };

  let faults: FaultResult[] = [];
  let knee: { held: number | null; failedAt: number | null; twice?: { rate: number; missed: string[] } } | undefined;
  if (opts.warmupS > 0 && opts.mode !== 'faults')
    await runStep('warm-up (not counted)', trafficOptions(opts.mode === 'find-knee' ? opts.kneeRates[0] : opts.rate, opts.warmupS), false);

  if (opts.mode === 'run') {
    await runStep('load', trafficOptions(opts.rate, opts.durationS));
  } else if (opts.mode === 'find-knee') {
    knee = { held: null, failedAt: null };
    const ran = new Map<number, string[]>();
    for (const rate of opts.kneeRates) {
      const r = await runStep(`step ${rate}/s`, trafficOptions(rate, opts.kneeStepS));
      ran.set(rate, r.missed);
      const drained = await monitor.waitForZeroLag(60000);
      log(
        drained === null ? 'consumers still lagging 60 s after the step' : `consumers caught up ${fmt(drained / 1000, 1)} s after the step`,
      );
      if (r.missed.length) {
        knee.failedAt ??= rate;
        if (!opts.allSteps) break;
      } else knee.held = Math.max(knee.held ?? 0, rate);
    }
    if (knee.held !== null) {
      const twice = knee.held * 2;
      if (!ran.has(twice)) {
        const r = await runStep(`twice the knee, ${twice}/s`, trafficOptions(twice, opts.kneeStepS));
        ran.set(twice, r.missed);
        await monitor.waitForZeroLag(60000);
      }
      knee.twice = { rate: twice, missed: ran.get(twice)! };
    }
    say(
      knee.held === null
        ? `no step held every aim (the first, ${opts.kneeRates[0]}/s, missed)`
        : `highest rate held: ${knee.held} registrations/s; at twice that (${knee.twice!.rate}/s): ${knee.twice!.missed.join('; ') || 'all aims met'}`,
    );
  } else {
    let over = false;
    const drillLoad = runStep('load during the drill', trafficOptions(opts.rate, 3600, { stopped: () => over }), false);
    const drill = new FaultDrill(target, traffic, monitor, {
      kafkaDownS: opts.kafkaDownS,
      serviceDownS: opts.serviceDownS,
      gapS: opts.short ? 2 : 10,
      settleS: opts.short ? 30 : 90,
      faults: opts.faults ? (opts.faults as FaultName[]) : ALL_FAULTS,
      log,
    });
    try {
      faults = await drill.run();
    } finally {
      over = true;
    }
    const r = await drillLoad;
    r.step.durationS = Math.round((r.step.firedAt - r.step.startedAt) / 1000); // it ran until the drill was over
    say(`\n${stepTable(r.step, r.figures)}\n\n${faultTable(faults)}\n`);
  }

  await traffic.settleLookups();
  const retries: RetryReport = await traffic.retryUnknown();
  if (retries.registrations || retries.filings)
    log(
      `retried with the same Idempotency-Key: ${retries.registrations} registrations (${retries.registrationsResolved} resolved), ` +
        `${retries.filings} filings (${retries.filingsResolved} resolved, ${retries.filedByUnansweredAttempt} found filed by the unanswered attempt); still unknown: ${retries.stillUnknown}${retries.stillUnknown ? ` ${JSON.stringify(retries.lastOutcomes)}` : ''}`,
    );
  log(`verifying (waiting up to ${opts.catchUpS} s for the system to catch up)...`);
  const verification: Verification = await verify(malls, ledger, { timeoutMs: opts.catchUpS * 1000, log });
  say(verificationText(verification));
  const logs = scanLogs(target.logDir);
  const troubled = Object.entries(logs).filter(([, r]) => r.warn || r.error || r.groupJoins > 1);
  if (troubled.length) {
    say(`service logs (${path.relative(REPO, target.logDir ?? '')}):`);
    for (const [s, r] of troubled) {
      say(`  ${s}: ${r.warn} warnings, ${r.error} errors, joined its consumer group ${r.groupJoins} times`);
      for (const e of r.examples.slice(0, 3)) say(`    ${e}`);
    }
  }

  const result = {
    runId,
    mode: opts.mode,
    malls: malls.map((m) => ({ id: m.id, merchants: m.merchants.length, clerks: m.clerks.length })),
    options: { ...opts, adminPassword: undefined },
    machine: facts,
    note: 'measured during development, machine shared',
    target: {
      url: target.url,
      database: target.database,
      topicPrefix: target.topicPrefix,
      broker: kafka.address,
      supervised: target.supervised,
    },
    restarts: target.restarts(),
    aims: AIMS,
    steps: steps.map(({ step, figures, missed }) => ({ ...step, figures, missedAims: missed })),
    knee,
    faults,
    retries,
    verification,
    logs,
    samples: monitor.samples,
    groups: monitor.groups,
  };
  const jsonFile = opts.json ?? path.join(runDir, 'result.json');
  writeFileSync(jsonFile, JSON.stringify(result, null, 1));
  log(`result: ${path.relative(REPO, jsonFile)}`);
  // timings never decide the exit code; a part that did not come back at all, or a count that differs, does
  const neverBack = faults.filter((f) => f.backAt === null);
  if (neverBack.length) say(`FAILED: did not come back: ${neverBack.map((f) => f.fault).join(', ')}`);
  return verification.ok && !neverBack.length ? 0 : 1;
}

let interrupted = false;
for (const sig of ['SIGINT', 'SIGTERM'] as const)
  process.once(sig, () => {
    if (interrupted) return;
    interrupted = true;
    log(`${sig}: cleaning up`);
    void cleanup().then(() => process.exit(130));
  });

main()
  .then(
    async (code) => {
      await cleanup();
      process.exit(code);
    },
    async (e) => {
      log(`load run failed: ${e?.stack ?? e}`);
      await cleanup();
      process.exit(3);
    },
  )
  .catch(() => process.exit(3));
