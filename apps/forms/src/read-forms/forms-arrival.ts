import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { connectionConfigOf, notifyChannel, PgListener, SERVICE_SCHEMA } from '@fd/platform';

const WHAT = 'forms_issued';

/** Waiters are keyed by what a list filters on: a purchase, or a card (after-sales forms). */
export const purchaseKey = (purchaseId: string) => `purchase:${purchaseId}`;
export const cardKey = (cardNo: string) => `card:${cardNo}`;

/**
 * Tells every instance of the forms service that forms were issued: a NOTIFY in the
 * transaction that writes them, so it is delivered when (and only if) they are committed
 * and readable. Call it in that transaction.
 */
export async function announceFormsIssued(m: EntityManager, schema: string, issued: { purchaseId: string; cardNos: string[] }) {
  await m.query('SELECT pg_notify($1, $2)', [notifyChannel(schema, WHAT), JSON.stringify(issued)]);
}

/** While the LISTEN connection is down, a waiter looks at the table this often instead. */
const UNLISTENED_RECHECK_MS = 250;

/**
 * Lets a request wait until forms are issued (GET /forms?…&waitFor=N): the gateway's
 * registration answer waits for the forms of the purchase this way, instead of asking again
 * and again. One LISTEN connection per process and a map of waiters, whichever instance
 * consumed the event: the notification reaches every instance.
 */
@Injectable()
export class FormsArrival implements OnModuleInit, OnModuleDestroy {
  private readonly waiters = new Map<string, Set<() => void>>();
  private readonly listener: PgListener;
  private closing = false;

  constructor(ds: DataSource, @Inject(SERVICE_SCHEMA) schema: string) {
    this.listener = new PgListener({
      name: 'forms issued',
      config: connectionConfigOf(ds),
      channels: [notifyChannel(schema, WHAT)],
      onNotify: (_channel, payload) => this.onIssued(payload),
      onListening: () => this.wakeAll(), // what was issued while nobody listened is looked for again
    });
  }

  async onModuleInit() {
    await this.listener.start();
  }

  /** Waiters answer with what there is now, so that shutting down is not held up by them. */
  async onModuleDestroy() {
    this.closing = true;
    this.wakeAll();
    await this.listener.stop();
  }

  /** How many requests are waiting (for the metrics and the tests). */
  get waiting(): number {
    let n = 0;
    for (const s of this.waiters.values()) n += s.size;
    return n;
  }

  /**
   * Resolves true as soon as `ready()` does, looking again each time forms of `key` are
   * issued; false when `ms` have passed first.
   */
  async until(key: string, ready: () => Promise<boolean>, ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    for (;;) {
      let wake = () => {};
      const woken = new Promise<void>((resolve) => (wake = resolve));
      this.add(key, wake); // before looking, so that forms issued meanwhile wake it
      let timer: NodeJS.Timeout | undefined;
      try {
        if (await ready()) return true;
        const left = deadline - Date.now();
        if (left <= 0 || this.closing) return false;
        const pause = this.listener.listening ? left : Math.min(left, UNLISTENED_RECHECK_MS);
        await Promise.race([woken, new Promise<void>((resolve) => (timer = setTimeout(resolve, pause)))]);
      } finally {
        clearTimeout(timer);
        this.remove(key, wake);
      }
    }
  }

  private onIssued(payload: string) {
    let issued: { purchaseId?: string; cardNos?: string[] };
    try {
      issued = JSON.parse(payload);
    } catch {
      return;
    }
    const keys = [...(issued.purchaseId ? [purchaseKey(issued.purchaseId)] : []), ...(issued.cardNos ?? []).map(cardKey)];
    for (const k of keys) for (const wake of this.waiters.get(k) ?? []) wake();
  }

  private wakeAll() {
    for (const set of this.waiters.values()) for (const wake of set) wake();
  }

  private add(key: string, wake: () => void) {
    let set = this.waiters.get(key);
    if (!set) this.waiters.set(key, (set = new Set()));
    set.add(wake);
  }

  private remove(key: string, wake: () => void) {
    const set = this.waiters.get(key);
    set?.delete(wake);
    if (set?.size === 0) this.waiters.delete(key);
  }
}
