// The load's printed tables (the JSON result holds the same figures and more).
import { fmt, table } from '../bench/util';
import { FaultResult } from './faults';
import { WindowFigures } from './monitor';
import { StepResult } from './traffic';
import { Verification } from './verify';

const ms = (v: number) => (Number.isFinite(v) ? (v >= 1000 ? `${fmt(v / 1000, 2)} s` : `${fmt(v, v < 10 ? 1 : 0)} ms`) : '–');

export function stepTable(step: StepResult, fig: WindowFigures): string {
  const rows = [['op', 'scheduled', 'sent', 'ok', 'p50', 'p99', 'max', 'not ok (by status)', '503 shed (Retry-After)']];
  for (const op of step.ops) {
    const bad = Object.entries(op.byOutcome)
      .filter(([k]) => !(op.op === 'register' ? ['201', '202'] : ['200']).includes(k))
      .map(([k, n]) => `${k}: ${n}`)
      .join(', ');
    rows.push([
      op.op,
      fmt(op.scheduled),
      fmt(op.sent),
      fmt(op.ok.count),
      ms(op.ok.p50),
      ms(op.ok.p99),
      ms(op.ok.max),
      bad || '–',
      op.shed ? `${op.shed} (${op.retryAfter})` : '0',
    ]);
  }
  const f = step.freshness;
  rows.push([
    'filed → score',
    fmt(f.probes),
    '',
    fmt(f.count),
    ms(f.p50),
    ms(f.p99),
    ms(f.max),
    f.timedOut ? `not seen within 60 s: ${f.timedOut}` : '–',
    '',
  ]);
  const lag = Object.entries(fig.maxLag)
    .map(([s, v]) => `${s} ${v}`)
    .join(', ');
  const cpu = Object.entries(fig.cpu)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([g, c]) => `${g} ${fmt(c.mean)}% (max ${fmt(c.max)}%)`)
    .join(', ');
  const rss = Object.entries(fig.maxRssMb)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([g, v]) => `${g} ${fmt(v)}`)
    .join(', ');
  const groupEvents = fig.groupEvents.length ? groupSummary(fig.groupEvents) : 'none';
  return [
    `${step.label}: ${fmt(step.rate, 1)} registrations/s, ${fmt(step.fileRate, 1)} filings/s, ${fmt(step.scoreRate, 1)} score reads/s for ${step.durationS} s${step.malls > 1 ? `, over ${step.malls} malls` : ''}`,
    table(rows),
    `latencies of the successful answers, from the scheduled start (queueing included); registrations: ${step.registered201} answered 201, ${step.registered202} answered 202 (forms pending)` +
      (step.filingsWithoutForm ? `; ${step.filingsWithoutForm} filings skipped (no issued form ready)` : ''),
    `largest consumer lag: ${fig.maxLagTotal} in all (${lag || 'no /metrics answer'}); outbox backlog max: ${
      Object.entries(fig.maxBacklog)
        .map(([s, v]) => `${s} ${v}`)
        .join(', ') || '–'
    }`,
    `CPU, % of one core, mean (highest second): ${cpu}; machine ${fmt(fig.machineBusy.mean)}% of all cores busy (max ${fmt(fig.machineBusy.max)}%)`,
    `RSS MB, highest: ${rss}`,
    `consumer groups losing members or rebalancing: ${groupEvents}`,
    fig.unhealthy.length ? `health, readings other than 200 (every 5 s): ${healthSummary(fig.unhealthy)}` : 'health: every answer 200',
    Object.keys(fig.metricsUnanswered).length ? `seconds without a /metrics answer: ${JSON.stringify(fig.metricsUnanswered)}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

export function verificationText(v: Verification): string {
  const lines = [
    `verification: ${v.ok ? 'PASSED' : 'FAILED'}` +
      (v.catchUpMs === null ? ' (the figures never matched)' : `, caught up ${fmt(v.catchUpMs / 1000, 1)} s after the load`),
    `  registrations acknowledged ${fmt(v.registrationsAcknowledged)} (outcome unknown after retries: ${v.registrationsUnknown}); purchases listed ${fmt(v.purchasesListed)}`,
    `  forms expected from acknowledged registrations ${fmt(v.formsExpectedAcknowledged)}, from every purchase held ${fmt(v.formsExpected)}; issued ${fmt(v.formsIssued)} (received by the clerks: ${fmt(v.formsReceived)})`,
    `  filings acknowledged ${fmt(v.filingsAcknowledged)} (unknown: ${v.filingsUnknown}), forms filed ${fmt(v.formsFiled)}`,
  ];
  if (v.malls.length > 1) {
    lines.push(`  ${v.malls.length} malls, each checked on its own:`);
    for (const m of v.malls)
      lines.push(
        `    ${m.mall}: registrations acknowledged ${fmt(m.registrationsAcknowledged)}, purchases listed ${fmt(m.purchasesListed)}; filings acknowledged ${fmt(m.filingsAcknowledged)}; forms issued ${fmt(m.formsIssued)}, filed ${fmt(m.formsFiled)}`,
      );
    lines.push(
      v.crossMall.length
        ? `  ACROSS MALLS: ${v.crossMall.length} record(s) of one mall seen from another: ${v.crossMall.slice(0, 10).join('; ')}`
        : `  no mall saw another's records (${fmt(v.isolationReads)} reads: clerks' lists, searches for other malls' customers, forms and purchases by id; administrators' lists and scorecards)`,
    );
  }
  if (v.lostPurchases.length) lines.push(`  LOST: acknowledged purchases the system does not list: ${v.lostPurchases.join(', ')}`);
  if (v.duplicates.length) lines.push(`  DUPLICATED: requests registered twice: ${v.duplicates.join(', ')}`);
  for (const n of v.notes) lines.push(`  note: ${n}`);
  for (const m of v.mismatches.slice(0, 20))
    lines.push(
      `  mismatch ${m.mall === 'main' ? '' : `${m.mall} `}${m.merchant} ${m.period}: forms issued ${m.formsIssued} / expected ${m.formsExpected}, filed ${m.formsFiled} / acknowledged ${m.filingsAcknowledged}`,
    );
  return lines.join('\n');
}

export function faultTable(results: FaultResult[]): string {
  const s = (v: number | null) => (v === null ? 'never' : `${fmt(v / 1000, 1)} s`);
  const rows = [['fault', 'back after', 'by', 'registrations ok after', 'lag settled after', 'not ok during it', 'notes']];
  for (const r of results)
    rows.push([
      r.fault + (r.connectionsCut !== undefined ? ` (${r.connectionsCut} cut)` : ''),
      r.backAt === null ? 'never' : s(r.backAt - r.injectedAt),
      r.cameBackBy,
      s(r.registrationsOkAfterMs),
      s(r.lagSettledAfterMs),
      Object.entries(r.failedDuring)
        .map(([k, n]) => `${k}: ${n}`)
        .join(', ') || '–',
      r.notes.join('; ') || '–',
    ]);
  return table(rows);
}

const hms = (t: number) => new Date(t).toISOString().slice(11, 19);

/** Per consumer group: the readings out of Stable, and when its members fell, compactly. */
function groupSummary(events: WindowFigures['groupEvents']): string {
  const by = new Map<string, WindowFigures['groupEvents']>();
  for (const e of events) by.set(e.group, [...(by.get(e.group) ?? []), e]);
  return [...by]
    .map(([group, es]) => {
      const unstable = es.filter((e) => e.state !== 'Stable');
      const drops = es.filter((e) => e.members < e.before);
      const parts: string[] = [];
      if (unstable.length)
        parts.push(
          `${unstable.length} reading(s) not Stable (${[...new Set(unstable.map((e) => e.state))].join(', ')}) ${hms(unstable[0].t)}–${hms(unstable[unstable.length - 1].t)}`,
        );
      if (drops.length) parts.push(`members fell ${drops.map((e) => `${e.before}→${e.members} at ${hms(e.t)}`).join(', ')}`);
      return `${group.split('.').slice(-2, -1)[0]}: ${parts.join('; ')}`;
    })
    .join(' | ');
}

/** Per service: how many /health readings were not 200, and what the first of them said. */
function healthSummary(hs: WindowFigures['unhealthy']): string {
  const by = new Map<string, WindowFigures['unhealthy']>();
  for (const h of hs) by.set(h.service, [...(by.get(h.service) ?? []), h]);
  return [...by]
    .map(([service, xs]) => {
      const body = xs[0].body as { checks?: Record<string, string> } | string | null;
      const why =
        body && typeof body === 'object' && body.checks
          ? Object.entries(body.checks)
              .filter(([, v]) => v !== 'up')
              .map(([k, v]) => `${k}: ${v}`)
              .join(', ')
          : String(body);
      return `${service} ${xs.length}× from ${hms(xs[0].t)} (first: ${why.slice(0, 140)})`;
    })
    .join('; ');
}
