// The end of every run: what the system shows must be exactly what it acknowledged. Forms
// issued (merchants' scorecards) = forms the acknowledged purchases call for, and each
// merchant's filed forms = the filings acknowledged for it. The system is given time to catch
// up, and that time is reported.
import { Mall, formKey } from './mall';
import { Ledger } from './traffic';

export interface MerchantCheck {
  merchant: string;
  period: string;
  formsIssued: number;
  formsExpected: number;
  formsFiled: number;
  filingsAcknowledged: number;
}

export interface Verification {
  ok: boolean;
  /** ms from the start of the verification until the figures matched (null: they never did) */
  catchUpMs: number | null;
  purchasesListed: number;
  registrationsAcknowledged: number;
  registrationsUnknown: number;
  /** acknowledged purchases the system does not list */
  lostPurchases: string[];
  /** requests registered twice (the same reference on two purchases) */
  duplicates: string[];
  /** purchases registered by a request that was never acknowledged (no answer, 5xx) */
  registeredWithoutAcknowledgement: Array<{ ref: string; purchaseId: string; fate: string; forms: number }>;
  filingsAcknowledged: number;
  filingsUnknown: number;
  /** filings never acknowledged whose form the system shows filed */
  filedWithoutAcknowledgement: string[];
  /** forms the acknowledged purchases call for */
  formsExpectedAcknowledged: number;
  /** forms every purchase of the run's requests that the system holds calls for (what the scorecards must show) */
  formsExpected: number;
  formsIssued: number;
  formsFiled: number;
  /** forms the clerks received (in answers and later look-ups) */
  formsReceived: number;
  mismatches: MerchantCheck[];
  notes: string[];
}

const REF = /\(單號 ([^)]+)\)/;

async function listPurchases(mall: Mall): Promise<Array<{ purchaseId: string; ref?: string }>> {
  const out: Array<{ purchaseId: string; ref?: string }> = [];
  let cursor: string | undefined;
  for (let page = 0; page < 10000; page++) {
    const r = await mall.admin.get(`/purchases?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    if (r.status !== 200) throw new Error(`listing the purchases: ${r.status} ${JSON.stringify(r.body)}`);
    for (const p of r.body.items) {
      const descriptions: string[] = (p.lines ?? []).flatMap((l: any) => (l.items ?? []).map((i: any) => String(i.description)));
      out.push({ purchaseId: p.purchaseId, ref: descriptions.map((d) => REF.exec(d)?.[1]).find(Boolean) });
    }
    cursor = r.body.nextCursor;
    if (!cursor) break;
  }
  return out;
}

export async function verify(mall: Mall, ledger: Ledger, o: { timeoutMs: number; log: (s: string) => void }): Promise<Verification> {
  const t0 = Date.now();
  const notes: string[] = [];
  const acknowledged = ledger.registrations.filter((r) => r.fate === 'acknowledged');
  const byRef = new Map(ledger.registrations.map((r) => [r.request.ref, r]));
  const listed = await listPurchases(mall);
  const listedIds = new Set(listed.map((p) => p.purchaseId));
  const refCount = new Map<string, number>();
  for (const p of listed) if (p.ref) refCount.set(p.ref, (refCount.get(p.ref) ?? 0) + 1);
  const lostPurchases = acknowledged.filter((r) => !r.purchaseId || !listedIds.has(r.purchaseId)).map((r) => r.purchaseId ?? r.request.ref);
  const duplicates = [...refCount].filter(([, n]) => n > 1).map(([ref]) => ref);
  const registeredWithoutAcknowledgement = listed
    .filter((p) => p.ref && byRef.has(p.ref) && byRef.get(p.ref)!.fate !== 'acknowledged')
    .map((p) => ({ ref: p.ref!, purchaseId: p.purchaseId, fate: byRef.get(p.ref!)!.fate, forms: byRef.get(p.ref!)!.request.formCount }));

  // what the scorecards must show, per merchant and month
  const expected = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, n: number) => m.set(k, (m.get(k) ?? 0) + n);
  for (const r of acknowledged) for (const [k, n] of r.request.expected) add(expected, k, n);
  // Every purchase the system holds issues its forms: one registered though its answer was lost,
  // and one registered twice, too. The scorecards are held to that (they must agree with the
  // purchases), while lost, duplicated and unanswered purchases are reported on their own.
  const expectedWithUnanswered = new Map<string, number>();
  for (const p of listed) {
    const r = p.ref ? byRef.get(p.ref) : undefined;
    if (r) for (const [k, n] of r.request.expected) add(expectedWithUnanswered, k, n);
  }
  for (const r of acknowledged)
    if (r.purchaseId && !listedIds.has(r.purchaseId)) for (const [k, n] of r.request.expected) add(expectedWithUnanswered, k, n);

  const filed = ledger.filedAcknowledged();
  const unknownFilings = [...ledger.filings.values()].filter((f) => f.fate === 'unknown');
  const filedWithoutAcknowledgement: string[] = [];
  const filedWithUnanswered = new Map(filed);
  for (const f of unknownFilings) {
    const r = await mall.admin.get(`/forms/${encodeURIComponent(f.form.serial)}`);
    if (r.status === 200 && r.body.status === 'filed') {
      filedWithoutAcknowledgement.push(f.form.serial);
      add(filedWithUnanswered, formKey(f.form.merchantId, f.form.plannedDate.slice(0, 7)), 1);
    }
  }

  const periods = new Set<string>();
  for (const k of [...expectedWithUnanswered.keys(), ...filedWithUnanswered.keys()]) periods.add(k.split(' ')[1]);
  const names = new Map(mall.merchants.map((m) => [m.id, m.name]));
  const compare = async (): Promise<MerchantCheck[]> => {
    const rows: MerchantCheck[] = [];
    for (const period of periods) {
      const r = await mall.admin.get(`/scores?period=${period}`);
      if (r.status !== 200) throw new Error(`reading the scores of ${period}: ${r.status}`);
      const seen = new Map<string, any>((r.body.items ?? []).map((x: any) => [x.merchantId, x]));
      for (const m of mall.merchants) {
        const k = formKey(m.id, period);
        const s = seen.get(m.id);
        rows.push({
          merchant: names.get(m.id) ?? m.id,
          period,
          formsIssued: Number(s?.formsIssued ?? 0),
          formsExpected: expectedWithUnanswered.get(k) ?? 0,
          formsFiled: Number(s?.formsFiled ?? 0),
          filingsAcknowledged: filedWithUnanswered.get(k) ?? 0,
        });
      }
    }
    return rows;
  };
  const differs = (c: MerchantCheck) => c.formsIssued !== c.formsExpected || c.formsFiled !== c.filingsAcknowledged;
  let rows = await compare();
  let catchUpMs: number | null = null;
  while (Date.now() - t0 < o.timeoutMs) {
    if (!rows.some(differs)) {
      catchUpMs = Date.now() - t0;
      break;
    }
    await new Promise((r) => setTimeout(r, 500));
    rows = await compare().catch((e) => {
      o.log(`verification: ${String(e)}`);
      return rows;
    });
  }
  if (catchUpMs === null && !rows.some(differs)) catchUpMs = Date.now() - t0;
  if (registeredWithoutAcknowledgement.length)
    notes.push(
      `${registeredWithoutAcknowledgement.length} purchase(s) were registered although their request was never acknowledged (their forms are counted as expected)`,
    );
  if (filedWithoutAcknowledgement.length)
    notes.push(`${filedWithoutAcknowledgement.length} form(s) are filed although their filing was never acknowledged (counted as filed)`);
  if (duplicates.length) notes.push(`${duplicates.length} request(s) were registered twice: their forms are counted twice above`);
  const sum = (f: (c: MerchantCheck) => number) => rows.reduce((a, c) => a + f(c), 0);
  return {
    ok: catchUpMs !== null && lostPurchases.length === 0 && duplicates.length === 0,
    catchUpMs,
    purchasesListed: listed.length,
    registrationsAcknowledged: acknowledged.length,
    registrationsUnknown: ledger.registrations.filter((r) => r.fate === 'unknown').length,
    lostPurchases,
    duplicates,
    registeredWithoutAcknowledgement,
    filingsAcknowledged: [...filed.values()].reduce((a, b) => a + b, 0),
    filingsUnknown: unknownFilings.length,
    filedWithoutAcknowledgement,
    formsExpectedAcknowledged: [...expected.values()].reduce((a, b) => a + b, 0),
    formsExpected: sum((c) => c.formsExpected),
    formsIssued: sum((c) => c.formsIssued),
    formsFiled: sum((c) => c.formsFiled),
    formsReceived: ledger.knownForms.size,
    mismatches: rows.filter(differs),
    notes,
  };
}
