// The load itself: open-loop registrations, filings and score reads through the public API,
// with a ledger of everything the system acknowledged (what the verification holds it to) and
// freshness probes (from a filing's answer until the merchant's score counts it).
import { randomUUID } from 'node:crypto';
import { localDate } from '@fd/kernel';
import { Answer } from './http';
import { IssuedForm, Mall, Merchant, PurchaseRequest, filingRequest, formKey, purchaseRequest } from './mall';
import { Arrivals, runOpenLoop, scheduleOffsets } from './schedule';
import { LatencySummary, OpStats, OpSummary, summarize } from './stats';

/** What became of a request: acknowledged, refused for good, or not known (no answer, 5xx) until retried. */
export type Fate = 'acknowledged' | 'refused' | 'unknown';

export interface RegistrationEntry {
  key: string;
  /** epoch ms of the first attempt */
  sentAt: number;
  request: PurchaseRequest;
  fate: Fate;
  status?: number | string;
  /** the problem's code, when the answer was one */
  code?: string;
  purchaseId?: string;
  formsPending?: boolean;
  /** the mall (index into the harness's malls) whose clerk sent it */
  mall: number;
  clerk: number;
  retries: number;
  /** the answer came from a retry */
  viaRetry?: boolean;
  /** retried "in progress" once its key was old enough to be taken over */
  triedWhenRipe?: boolean;
}

export interface FilingEntry {
  key: string;
  sentAt: number;
  form: IssuedForm;
  body: unknown;
  fate: Fate;
  status?: number | string;
  code?: string;
  mall: number;
  clerk: number;
  retries: number;
  viaRetry?: boolean;
  triedWhenRipe?: boolean;
  /** a retry found the form filed already: the unanswered attempt had filed it */
  filedByUnansweredAttempt?: boolean;
}

/** Everything sent and what the system said, over the whole run (all steps). */
export class Ledger {
  readonly registrations: RegistrationEntry[] = [];
  readonly filings = new Map<string, FilingEntry>();
  /** forms the clerks hold, waiting to be filed: in the order they became ready */
  readonly ready: Array<IssuedForm & { readyAt: number; mall: number }> = [];
  readonly knownForms = new Set<string>();
  formsFromLookups = 0;

  /** filings acknowledged per `merchantId period` */
  filedAcknowledged(): Map<string, number> {
    const out = new Map<string, number>();
    for (const f of this.filings.values())
      if (f.fate === 'acknowledged') {
        const k = formKey(f.form.merchantId, f.form.plannedDate.slice(0, 7));
        out.set(k, (out.get(k) ?? 0) + 1);
      }
    return out;
  }

  addForms(forms: IssuedForm[], readyAt: number, mall = 0): number {
    let added = 0;
    for (const f of forms) {
      if (this.knownForms.has(f.serial) || !f.verificationCode) continue;
      this.knownForms.add(f.serial);
      this.ready.push({
        serial: f.serial,
        verificationCode: f.verificationCode,
        merchantId: f.merchantId,
        plannedDate: f.plannedDate,
        readyAt,
        mall,
      });
      added++;
    }
    return added;
  }
}

export interface TrafficOptions {
  /** registrations per second */
  rate: number;
  /** filings per second */
  fileRate: number;
  /** merchants' score reads per second */
  scoreRate: number;
  durationS: number;
  arrivals: Arrivals;
  /** a form is filed no sooner than this after its registration was answered (the service, then the walk back to the desk) */
  fileDelayMs: number;
  /** freshness probes started per second at most, and at once at most */
  freshPerS: number;
  freshMax: number;
  /** requests in flight beyond which the harness stops sending (it counts them as "overflow") */
  maxInflight: number;
  random: () => number;
  runId: string;
  /** ends the step early (the fault drill runs its load until the drill is over) */
  stopped?: () => boolean;
}

/** One answer, for the fault drill's recovery times: epoch ms of its scheduled start and of its answer. */
export interface AnswerRecord {
  op: 'register' | 'file' | 'score read';
  at: number;
  done: number;
  outcome: string;
}

export interface StepResult {
  label: string;
  /** malls the traffic went round */
  malls: number;
  rate: number;
  fileRate: number;
  scoreRate: number;
  durationS: number;
  startedAt: number;
  /** the last request was fired */
  firedAt: number;
  /** every request of the step was answered */
  answeredAt: number;
  ops: OpSummary[];
  registered201: number;
  registered202: number;
  /** filings that found no issued form ready to file (the harness skipped them) */
  filingsWithoutForm: number;
  freshness: LatencySummary & { timedOut: number; probes: number };
}

/** After how long the entry point lets a retry take over a key still "in progress" (its IDEMPOTENCY_ABANDONED_AFTER_MS). */
const TAKEOVER_MS = Number(process.env.IDEMPOTENCY_ABANDONED_AFTER_MS ?? 60000);

const acknowledgedPurchase = (s: number) => s === 201 || s === 202;
const unknownOutcome = (a: Answer) => a.status === 0 || a.status >= 500 || (a.status === 409 && a.body?.code === 'REQUEST_IN_PROGRESS');

export class Traffic {
  private inflight = 0;
  private seq = 0;
  private clerkTurn = 0;
  private mallTurn = 0;
  private scoreTurn = 0;
  private pending = new Set<Promise<unknown>>();
  private freshPending = new Set<Promise<unknown>>();
  private freshActive = 0;
  private freshTokens = 0;
  private lastFreshRefill = performance.now();
  private lookups = new Set<Promise<unknown>>();
  readonly answers: AnswerRecord[] = [];

  /** every merchant of every mall, with its mall's index (score reads go round them all) */
  private readonly everyMerchant: Array<{ merchant: Merchant; mall: number }>;

  /** Traffic spread over `malls`: registrations round robin, each filed by a clerk of its purchase's mall. */
  constructor(
    private readonly malls: Mall[],
    readonly ledger: Ledger,
  ) {
    if (!malls.length) throw new Error('the traffic needs at least one mall');
    this.everyMerchant = [];
    const most = Math.max(...malls.map((m) => m.merchants.length));
    // interleaved (the first merchant of each mall, then the second, ...), so a short step still reads every mall
    for (let i = 0; i < most; i++)
      malls.forEach((m, mall) => {
        if (i < m.merchants.length) this.everyMerchant.push({ merchant: m.merchants[i], mall });
      });
  }

  private track<T>(p: Promise<T>, set = this.pending): Promise<T> {
    set.add(p);
    void p.finally(() => set.delete(p));
    return p;
  }

  private nextClerk(mall: number): number {
    return this.clerkTurn++ % this.malls[mall].clerks.length;
  }

  private nextMall(): number {
    return this.mallTurn++ % this.malls.length;
  }

  private clerkOf(x: { mall: number; clerk: number }) {
    return this.malls[x.mall].clerks[x.clerk];
  }

  private merchantOf(merchantId: string): { merchant: Merchant; mall: number } {
    const found = this.everyMerchant.find((x) => x.merchant.id === merchantId);
    if (!found) throw new Error(`no mall of the load has merchant ${merchantId}`);
    return found;
  }

  /** One step of open-loop traffic at the given rates; resolves when every request of it has been answered. */
  async step(label: string, o: TrafficOptions): Promise<StepResult> {
    const reg = new OpStats('register', (x) => x === 201 || x === 202);
    const file = new OpStats('file');
    const score = new OpStats('score read');
    const fresh: number[] = [];
    let freshTimedOut = 0;
    let freshProbes = 0;
    let filingsWithoutForm = 0;
    const durationMs = o.durationS * 1000;
    const send = (stats: OpStats, scheduledAt: number, go: () => Promise<Answer>, after?: (a: Answer, doneAt: number) => void) => {
      stats.scheduled++;
      if (this.inflight >= o.maxInflight) {
        stats.record('overflow', 0);
        return;
      }
      this.inflight++;
      stats.started(performance.now() - scheduledAt);
      this.track(
        go().then((a) => {
          this.inflight--;
          const doneAt = performance.now();
          stats.record(a.outcome, doneAt - scheduledAt, !!a.retryAfter);
          const epoch = performance.timeOrigin;
          this.answers.push({
            op: stats.op as AnswerRecord['op'],
            at: epoch + scheduledAt,
            done: epoch + doneAt,
            outcome: String(a.outcome),
          });
          after?.(a, doneAt);
        }),
      );
    };
    const period = (mall: number) => localDate(new Date(), this.malls[mall].timeZone).slice(0, 7);

    const startedAt = Date.now();
    await runOpenLoop(
      [
        {
          name: 'register',
          offsets: scheduleOffsets(o.rate, durationMs, o.arrivals, o.random),
          fire: (at) => {
            const mall = this.nextMall();
            const request = purchaseRequest(this.malls[mall], `${o.runId}-${++this.seq}`, o.random);
            const entry: RegistrationEntry = {
              key: randomUUID(),
              sentAt: Date.now(),
              request,
              fate: 'unknown',
              mall,
              clerk: this.nextClerk(mall),
              retries: 0,
            };
            this.ledger.registrations.push(entry);
            send(
              reg,
              at,
              () => this.clerkOf(entry).post('/purchases', request.body, entry.key),
              (a, doneAt) => this.settleRegistration(entry, a, doneAt + o.fileDelayMs),
            );
          },
        },
        {
          name: 'file',
          offsets: scheduleOffsets(o.fileRate, durationMs, o.arrivals, o.random),
          fire: (at) => {
            const now = performance.now();
            const form = this.ledger.ready[0] && this.ledger.ready[0].readyAt <= now ? this.ledger.ready.shift() : undefined;
            if (!form) {
              filingsWithoutForm++;
              return;
            }
            const entry: FilingEntry = {
              key: randomUUID(),
              sentAt: Date.now(),
              form,
              body: filingRequest(this.malls[form.mall], form, o.random),
              fate: 'unknown',
              mall: form.mall,
              clerk: this.nextClerk(form.mall),
              retries: 0,
            };
            this.ledger.filings.set(form.serial, entry);
            send(
              file,
              at,
              () => this.clerkOf(entry).post(`/forms/${encodeURIComponent(form.serial)}/return`, entry.body, entry.key),
              (a, doneAt) => {
                this.settleFiling(entry, a);
                if (entry.fate === 'acknowledged' && this.takeFreshToken(o)) {
                  freshProbes++;
                  const target = this.ledger.filedAcknowledged().get(formKey(form.merchantId, form.plannedDate.slice(0, 7))) ?? 0;
                  this.track(
                    this.freshness(form, target, doneAt).then((ms) => (ms === null ? freshTimedOut++ : fresh.push(ms))),
                    this.freshPending,
                  );
                }
              },
            );
          },
        },
        {
          name: 'score read',
          offsets: scheduleOffsets(o.scoreRate, durationMs, o.arrivals, o.random),
          fire: (at) => {
            const { merchant: m, mall } = this.everyMerchant[this.scoreTurn++ % this.everyMerchant.length];
            send(score, at, () => m.account.get(`/merchants/${m.id}/scores?period=${period(mall)}`));
          },
        },
      ],
      performance.now(),
      o.stopped,
    );
    const firedAt = Date.now();
    while (this.pending.size) await Promise.all([...this.pending]);
    const answeredAt = Date.now();
    while (this.freshPending.size) await Promise.all([...this.freshPending]);
    return {
      label,
      malls: this.malls.length,
      rate: o.rate,
      fileRate: o.fileRate,
      scoreRate: o.scoreRate,
      durationS: o.durationS,
      startedAt,
      firedAt,
      answeredAt,
      ops: [reg.summary(), file.summary(), score.summary()],
      registered201: reg.count(201),
      registered202: reg.count(202),
      filingsWithoutForm,
      freshness: { ...summarize(fresh), timedOut: freshTimedOut, probes: freshProbes },
    };
  }

  private takeFreshToken(o: TrafficOptions): boolean {
    const now = performance.now();
    this.freshTokens = Math.min(o.freshPerS, this.freshTokens + ((now - this.lastFreshRefill) / 1000) * o.freshPerS);
    this.lastFreshRefill = now;
    if (this.freshTokens < 1 || this.freshActive >= o.freshMax) return false;
    this.freshTokens--;
    return true;
  }

  settleRegistration(entry: RegistrationEntry, a: Answer, readyAt: number) {
    entry.status = a.outcome;
    entry.code = typeof a.body?.code === 'string' ? a.body.code : undefined;
    if (acknowledgedPurchase(a.status)) {
      entry.fate = 'acknowledged';
      entry.purchaseId = a.body?.purchaseId;
      entry.formsPending = a.status === 202;
      this.ledger.addForms(a.body?.forms ?? [], readyAt, entry.mall);
      if (a.status === 202 && entry.purchaseId) this.lookUpLater(entry, readyAt);
    } else if (unknownOutcome(a)) entry.fate = 'unknown';
    else entry.fate = 'refused';
  }

  settleFiling(entry: FilingEntry, a: Answer) {
    entry.status = a.outcome;
    entry.code = typeof a.body?.code === 'string' ? a.body.code : undefined;
    if (a.status === 200) entry.fate = 'acknowledged';
    else if (entry.retries > 0 && a.status === 409 && a.body?.code === 'FORM_ALREADY_FILED') {
      entry.fate = 'acknowledged';
      entry.filedByUnansweredAttempt = true;
    } else if (unknownOutcome(a)) entry.fate = 'unknown';
    else entry.fate = 'refused';
  }

  /** A 202 registration's forms come later: the clerk looks the purchase up again (every 2 s, up to a minute). */
  private lookUpLater(entry: RegistrationEntry, readyAt: number) {
    const clerk = this.clerkOf(entry);
    const p = (async () => {
      for (let i = 0; i < 30; i++) {
        await new Promise((r) => setTimeout(r, 2000));
        const r = await clerk.get(`/purchases/${encodeURIComponent(entry.purchaseId!)}`);
        if (r.status !== 200) continue;
        this.ledger.formsFromLookups += this.ledger.addForms(r.body.forms ?? [], Math.max(readyAt, performance.now()), entry.mall);
        if (r.body.formsPending === false) return;
      }
    })();
    this.track(p, this.lookups);
  }

  /** Polls the merchant's score until it counts `target` filed forms: ms from the filing's answer, or null after 60 s. */
  private async freshness(form: IssuedForm, target: number, answeredAt: number): Promise<number | null> {
    const m = this.merchantOf(form.merchantId).merchant;
    const path = `/merchants/${m.id}/scores?period=${form.plannedDate.slice(0, 7)}`;
    this.freshActive++;
    try {
      while (performance.now() - answeredAt < 60000) {
        const r = await m.account.get(path);
        const seenAt = performance.now();
        if (r.status === 200 && Number(r.body?.formsFiled) >= target) return seenAt - answeredAt;
        const waited = seenAt - answeredAt;
        // fine-grained at first, coarser once it is clearly slow: the probes must not load the system themselves
        await new Promise((res) => setTimeout(res, waited < 300 ? 20 : waited < 2000 ? 100 : 500));
      }
      return null;
    } finally {
      this.freshActive--;
    }
  }

  /** Waits for the lookups of 202 registrations still running (bounded by their own minute). */
  async settleLookups(): Promise<void> {
    while (this.lookups.size) await Promise.all([...this.lookups]);
  }

  /**
   * Retries, with the same Idempotency-Key and body, every registration and filing whose
   * outcome is unknown (no answer, 5xx, or "still in progress"): the API's own way to learn
   * what became of them. Returns how many were retried and what they found.
   */
  async retryUnknown(maxAttempts = 7): Promise<RetryReport> {
    const report: RetryReport = {
      registrations: 0,
      filings: 0,
      registrationsResolved: 0,
      filingsResolved: 0,
      stillUnknown: 0,
      filedByUnansweredAttempt: 0,
      lastOutcomes: {},
    };
    const regs = this.ledger.registrations.filter((r) => r.fate === 'unknown');
    const fils = [...this.ledger.filings.values()].filter((f) => f.fate === 'unknown');
    report.registrations = regs.length;
    report.filings = fils.length;
    let retryAfterMs = 0;
    const retryOne = async (x: RegistrationEntry | FilingEntry) => {
      x.retries++;
      const a =
        'request' in x
          ? await this.clerkOf(x).post('/purchases', x.request.body, x.key)
          : await this.clerkOf(x).post(`/forms/${encodeURIComponent(x.form.serial)}/return`, x.body, x.key);
      if (a.retryAfter) retryAfterMs = Math.max(retryAfterMs, Math.min(10, Number(a.retryAfter) || 1) * 1000);
      if ('request' in x) this.settleRegistration(x, a, performance.now());
      else this.settleFiling(x, a);
      if (x.fate === 'unknown') return;
      x.viaRetry = true;
      if ('request' in x) report.registrationsResolved++;
      else {
        report.filingsResolved++;
        if (x.filedByUnansweredAttempt) report.filedByUnansweredAttempt++;
      }
    };
    // A key left "in progress" (an entry point killed mid-request, or one that could not record its
    // answer) is taken over by a retry once it is older than the entry point's limit: such retries
    // wait for that age, and one still in progress after it is stuck.
    const inProgress = (x: RegistrationEntry | FilingEntry) => x.code === 'REQUEST_IN_PROGRESS';
    const ripe = (x: RegistrationEntry | FilingEntry) => Date.now() - x.sentAt >= TAKEOVER_MS + 2000;
    for (let attempt = 1; attempt <= maxAttempts; ) {
      const open = [...regs, ...fils].filter((x) => x.fate === 'unknown' && !(inProgress(x) && x.triedWhenRipe));
      const todo = open.filter((x) => !inProgress(x) || ripe(x));
      if (!open.length) break;
      if (!todo.length) {
        const wait = Math.min(...open.map((x) => TAKEOVER_MS + 2000 - (Date.now() - x.sentAt)));
        await new Promise((r) => setTimeout(r, Math.max(100, Math.min(wait, 30000))));
        continue;
      }
      if (attempt > 1) await new Promise((r) => setTimeout(r, Math.max(retryAfterMs, 1000 * attempt)));
      attempt++;
      retryAfterMs = 0;
      for (const x of todo) if (inProgress(x) && ripe(x)) x.triedWhenRipe = true;
      // a few at a time, as clerks would: a burst of retries would only be shed again
      let next = 0;
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          while (next < todo.length) await retryOne(todo[next++]);
        }),
      );
    }
    for (const x of [...regs, ...fils])
      if (x.fate === 'unknown') {
        report.stillUnknown++;
        const k = `${'request' in x ? 'register' : 'file'} ${x.status}${x.code ? ` ${x.code}` : ''}`;
        report.lastOutcomes[k] = (report.lastOutcomes[k] ?? 0) + 1;
      }
    return report;
  }
}

export interface RetryReport {
  registrations: number;
  filings: number;
  registrationsResolved: number;
  filingsResolved: number;
  /** retried filings answered 409 FORM_ALREADY_FILED: the first, unanswered attempt had filed them */
  filedByUnansweredAttempt: number;
  stillUnknown: number;
  /** what the last retry of each still unknown request said */
  lastOutcomes: Record<string, number>;
}
