import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { Rating, ratings } from '@fd/contracts';
import { addDays } from '@fd/kernel';
import { integrationEvent } from '@fd/platform';
import { bootTestService, probe, testDatabaseUrl } from '@fd/platform/testing';
import { allScorecards, figuresOf, LoggedEvent, project } from '@fd/scoring-domain';
import { scoringService } from '../scoring.service-def';
import { api, Service, tokens, Upstream, upstream } from '../scoring.test-kit';
import { PROJECTION_TABLES, ScoreRow, toScore } from '../projection/projection.tables';

/** A deterministic random source, so a failure can be replayed. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A history like a mall's half year: merchants with forms over six months, filed (some by
 * uncertified staff, some disputed or denied by the customer), overdue (some filed late,
 * rescheduled or reported missing), voided, or still waiting; and a few findings.
 */
function history(seed: number, merchants: number, formsEach: number, tag: string): Upstream[] {
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const out: Upstream[] = [];
  for (let m = 0; m < merchants; m++) {
    const merchantId = `rb-merchant-${m}`;
    out.push(upstream(merchantId).registered(`Merchant ${m}`, `S-${m}`));
    for (let k = 0; k < formsEach; k++) {
      const planned = addDays('2026-05-01', Math.floor(rnd() * 180));
      const u = upstream(merchantId, planned);
      const serial = `RB-${tag}-${m}-${k}`;
      out.push(u.issued(serial, planned));
      const fate = rnd();
      if (fate < 0.55) {
        const rating: Rating = pick(ratings);
        out.push(u.filed(serial, rating, { staffCertified: rnd() < 0.9 }));
        const callback = rnd();
        if (callback < 0.1) {
          const customer: Rating = pick(ratings.filter((r) => r !== rating));
          out.push(u.replaced(serial, rating, customer));
          if (customer === 'unsatisfied') out.push(u.forged(serial, 'rating_disputed'));
        } else if (callback < 0.15) out.push(u.forged(serial, 'signature_denied'));
        else if (callback < 0.3) out.push(u.verified(serial));
      } else if (fate < 0.72) {
        out.push(u.overdue(serial));
        const then = rnd();
        if (then < 0.3) out.push(u.filed(serial, pick(ratings), { late: true }));
        else if (then < 0.5) out.push(u.reportedMissing(serial));
        else if (then < 0.7) {
          const later = addDays(planned, 20);
          out.push(u.rescheduled(serial, planned, later));
          if (rnd() < 0.5) out.push(upstream(merchantId, later).overdue(serial));
        }
      } else if (fate < 0.82) out.push(u.voided(serial));
      else if (fate < 0.86) out.push(u.reportedMissing(serial));
    }
    if (rnd() < 0.5) {
      const recordedOn = addDays('2026-05-01', Math.floor(rnd() * 180));
      out.push(
        upstream(merchantId).finding(`RB-${tag}-F-${m}`, { recordedOn, ...(rnd() < 0.5 ? { servicedOn: addDays(recordedOn, -3) } : {}) }),
      );
    }
  }
  return out;
}

describe('rebuilding the scores from the log, while the service runs (real PostgreSQL and Kafka)', () => {
  let svc: Service;
  const admin = () => api(svc, tokens.admin);
  const count = async (sql: string) => (await svc.runtime.ds.query(sql))[0].n as number;

  /** Publishes a history with one producer, in order (a form's events share a key, so a partition). */
  const publishAll = async (events: Upstream[]) => {
    const producer = svc.runtime.kafka.producer();
    await producer.connect();
    try {
      for (let i = 0; i < events.length; i += 500) {
        const byTopic = new Map<string, Array<{ key: string; value: string }>>();
        for (const e of events.slice(i, i + 500)) {
          const { topic, envelope } = integrationEvent(e.contract, e.payload, {
            now: new Date(),
            actor: { id: 'test', role: 'system' },
            correlationId: 'rebuild-test',
            causationId: null,
          });
          const messages = byTopic.get(topic) ?? [];
          messages.push({ key: envelope.streamId, value: JSON.stringify(envelope) });
          byTopic.set(topic, messages);
        }
        await producer.sendBatch({
          acks: -1,
          topicMessages: [...byTopic].map(([topic, messages]) => ({ topic: `${svc.topicPrefix}${topic}`, messages })),
        });
      }
    } finally {
      await producer.disconnect();
    }
  };
  const consumed = (n: number) =>
    probe(
      () => count(`SELECT count(*)::int AS n FROM "${svc.schema}".inbox`),
      (seen) => seen >= n,
      { what: `${n} messages to be consumed`, timeoutMs: 300000, intervalMs: 500 },
    );
  const snapshot = async () =>
    Object.fromEntries(
      await Promise.all(
        PROJECTION_TABLES.map(async (t) => [t, await svc.runtime.ds.query(`SELECT * FROM "${svc.schema}".${t} ORDER BY 1, 2`)]),
      ),
    );

  beforeAll(async () => {
    svc = await bootTestService(scoringService);
  });
  afterAll(async () => svc?.stop());

  const first = history(20261001, 25, 55, 'a');
  const second = history(20261002, 10, 25, 'b');

  it('aRebuildOfThousandsOfEvents_endsWithExactlyTheLiveNumbers', async () => {
    expect(first.length).toBeGreaterThan(3000);
    await publishAll(first);
    await consumed(first.length);
    // some decisions, so the log holds cases decided both ways
    const open = (await admin().get('/penalty-cases?status=open&limit=40')).body.items;
    for (const [i, c] of open.entries())
      await admin().post(
        `/penalty-cases/${c.id}/decision`,
        i % 2 ? { decision: 'uphold', reason: 'no proof' } : { decision: 'dismiss', reason: 'customer at fault' },
      );

    const live = await snapshot();
    const logged = await count(`SELECT count(*)::int AS n FROM "${svc.schema}".events`);
    const announced = await count(`SELECT count(*)::int AS n FROM "${svc.schema}".outbox`);
    expect(live.scores.length).toBeGreaterThan(100);
    expect(live.penalty_cases.length).toBeGreaterThan(100);

    const r = await admin().post('/admin/rebuild-scores', {});
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      events: logged,
      merchants: 25,
      forms: live.forms.length,
      violations: live.violations.length,
      cases: live.penalty_cases.length,
      scores: live.scores.length,
    });
    expect(await snapshot()).toEqual(live);
    // nothing re-opened, nothing announced again
    expect(await count(`SELECT count(*)::int AS n FROM "${svc.schema}".events`)).toBe(logged);
    expect(await count(`SELECT count(*)::int AS n FROM "${svc.schema}".outbox`)).toBe(announced);

    // and the live numbers are those of a pure fold of what was published (where no decision changed them)
    const fold = project(first.map((e) => ({ type: e.contract.type, data: e.payload }) as LoggedEvent));
    const cards = allScorecards(Object.values(fold.forms), Object.values(fold.violations));
    expect(cards).toHaveLength(live.scores.length);
    const decided = new Set(
      live.violations
        .filter((v: { status: string }) => v.status !== 'open')
        .map((v: { merchant_id: string; period: string }) => `${v.merchant_id}|${v.period}`),
    );
    const stored = new Map(live.scores.map(toScore).map((row: ScoreRow) => [`${row.merchantId}|${row.period}`, row]));
    const comparable = cards.filter((c) => !decided.has(`${c.merchantId}|${c.period}`));
    expect(comparable.length).toBeGreaterThan(50);
    for (const c of comparable)
      expect(stored.get(`${c.merchantId}|${c.period}`)).toEqual({ merchantId: c.merchantId, period: c.period, ...figuresOf(c) });
  });

  it('aRebuildWhileEventsArrive_leavesTheProjectionAFoldOfTheWholeLog', async () => {
    const before = await count(`SELECT count(*)::int AS n FROM "${svc.schema}".inbox`);
    const publishing = publishAll(second);
    // rebuild again and again while the consumer is writing, letting it make some progress in between
    const all = before + second.length;
    let rebuilds = 0;
    for (let seen = before; seen < all; ) {
      expect((await admin().post('/admin/rebuild-scores', {})).status).toBe(200);
      rebuilds++;
      const target = Math.min(seen + 120, all);
      seen = await probe(
        () => count(`SELECT count(*)::int AS n FROM "${svc.schema}".inbox`),
        (n) => n >= target,
        { what: `${target} messages to be consumed`, timeoutMs: 120000 },
      );
    }
    await publishing;
    expect(rebuilds).toBeGreaterThan(1);
    const live = await snapshot();

    // the command-line entry, against the same schema, beside the running service
    const root = path.resolve(__dirname, '../../../..');
    const { stdout } = await promisify(execFile)(process.execPath, ['-r', '@swc-node/register', 'apps/scoring/src/rebuild.ts'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: testDatabaseUrl(), DB_SCHEMA: svc.schema, LOG_LEVEL: 'info' },
    });
    const logged = await count(`SELECT count(*)::int AS n FROM "${svc.schema}".events`);
    expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).toMatchObject({
      msg: 'scores rebuilt',
      events: logged,
      forms: live.forms.length,
    });
    expect(await snapshot()).toEqual(live);
  });
});
