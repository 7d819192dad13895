// The end of every run: what the system shows must be exactly what it acknowledged. Forms
// issued (merchants' scorecards) = forms the acknowledged purchases call for, and each
// merchant's filed forms = the filings acknowledged for it. The system is given time to catch
// up, and that time is reported. With several malls each mall is held to what was acknowledged in
// it, and nothing of one mall may show in another (lists, searches, reads by id, scorecards).
import { Api } from './http';
import { Mall, formKey } from './mall';
import { Ledger } from './traffic';

export interface MerchantCheck {
  mall: string;
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
  /** per mall: what its administration lists and its scorecards show */
  malls: Array<{
    mall: string;
    purchasesListed: number;
    registrationsAcknowledged: number;
    filingsAcknowledged: number;
    formsIssued: number;
    formsFiled: number;
  }>;
  /** one mall's records seen from another (must be none) */
  crossMall: string[];
  /** reads made to look for them (lists, searches, reads by id), when there are several malls */
  isolationReads: number;
  notes: string[];
}

const REF = /\(單號 ([^)]+)\)/;

async function listPurchases(reader: Api): Promise<Array<{ purchaseId: string; ref?: string }>> {
  const out: Array<{ purchaseId: string; ref?: string }> = [];
  let cursor: string | undefined;
  for (let page = 0; page < 10000; page++) {
    const r = await reader.get(`/purchases?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
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

export async function verify(malls: Mall[], ledger: Ledger, o: { timeoutMs: number; log: (s: string) => void }): Promise<Verification> {
  const t0 = Date.now();
  const notes: string[] = [];
  const crossMall: string[] = [];
  const acknowledged = ledger.registrations.filter((r) => r.fate === 'acknowledged');
  const byRef = new Map(ledger.registrations.map((r) => [r.request.ref, r]));
  // each mall's purchases as its administration lists them
  const listedBy = await Promise.all(malls.map((m) => listPurchases(m.admin)));
  const listed = listedBy.flat();
  const listedIn = listedBy.map((l) => new Set(l.map((p) => p.purchaseId)));
  const refCount = new Map<string, number>();
  for (const p of listed) if (p.ref) refCount.set(p.ref, (refCount.get(p.ref) ?? 0) + 1);
  listedBy.forEach((l, i) => {
    for (const p of l) {
      const r = p.ref ? byRef.get(p.ref) : undefined;
      if (r && r.mall !== i)
        crossMall.push(`${malls[i].id}'s administration lists purchase ${p.purchaseId} (${p.ref}) registered in ${malls[r.mall].id}`);
    }
  });
  // an acknowledged purchase must be listed in its own mall
  const lostPurchases = acknowledged
    .filter((r) => !r.purchaseId || !listedIn[r.mall].has(r.purchaseId))
    .map((r) => r.purchaseId ?? r.request.ref);
  const listedIds = new Set(listed.map((p) => p.purchaseId));
  const duplicates = [...refCount].filter(([, n]) => n > 1).map(([ref]) => ref);
  const registeredWithoutAcknowledgement = listed
    .filter((p) => p.ref && byRef.has(p.ref) && byRef.get(p.ref)!.fate !== 'acknowledged')
    .map((p) => ({ ref: p.ref!, purchaseId: p.purchaseId, fate: byRef.get(p.ref!)!.fate, forms: byRef.get(p.ref!)!.request.formCount }));

  // what the scorecards must show, per merchant and month (merchant ids are unique in the deployment)
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
    const r = await malls[f.mall].admin.get(`/forms/${encodeURIComponent(f.form.serial)}`);
    if (r.status === 200 && r.body.status === 'filed') {
      filedWithoutAcknowledgement.push(f.form.serial);
      add(filedWithUnanswered, formKey(f.form.merchantId, f.form.plannedDate.slice(0, 7)), 1);
    }
  }

  const periods = new Set<string>();
  for (const k of [...expectedWithUnanswered.keys(), ...filedWithUnanswered.keys()]) periods.add(k.split(' ')[1]);
  const mallOfMerchant = new Map<string, number>();
  malls.forEach((m, i) => m.merchants.forEach((x) => mallOfMerchant.set(x.id, i)));
  const scoreLeaks = new Set<string>();
  const compare = async (): Promise<MerchantCheck[]> => {
    const rows: MerchantCheck[] = [];
    for (const [i, mall] of malls.entries())
      for (const period of periods) {
        const r = await mall.admin.get(`/scores?period=${period}`);
        if (r.status !== 200) throw new Error(`reading the scores of ${mall.id} for ${period}: ${r.status}`);
        const seen = new Map<string, any>((r.body.items ?? []).map((x: any) => [x.merchantId, x]));
        for (const id of seen.keys()) {
          const other = mallOfMerchant.get(id);
          if (other !== undefined && other !== i)
            scoreLeaks.add(`${mall.id}'s scores of ${period} show merchant ${id} of ${malls[other].id}`);
        }
        for (const m of mall.merchants) {
          const k = formKey(m.id, period);
          const s = seen.get(m.id);
          rows.push({
            mall: mall.id,
            merchant: m.name,
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
  crossMall.push(...scoreLeaks);
  const isolation = malls.length > 1 ? await crossMallReads(malls, ledger, listedBy) : { leaks: [], reads: 0 };
  crossMall.push(...isolation.leaks);
  if (registeredWithoutAcknowledgement.length)
    notes.push(
      `${registeredWithoutAcknowledgement.length} purchase(s) were registered although their request was never acknowledged (their forms are counted as expected)`,
    );
  if (filedWithoutAcknowledgement.length)
    notes.push(`${filedWithoutAcknowledgement.length} form(s) are filed although their filing was never acknowledged (counted as filed)`);
  if (duplicates.length) notes.push(`${duplicates.length} request(s) were registered twice: their forms are counted twice above`);
  const sum = (f: (c: MerchantCheck) => number, mall?: string) =>
    rows.filter((c) => mall === undefined || c.mall === mall).reduce((a, c) => a + f(c), 0);
  const filedIn = (i: number) => [...ledger.filings.values()].filter((f) => f.mall === i && f.fate === 'acknowledged').length;
  return {
    ok: catchUpMs !== null && lostPurchases.length === 0 && duplicates.length === 0 && crossMall.length === 0,
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
    malls: malls.map((m, i) => ({
      mall: m.id,
      purchasesListed: listedBy[i].length,
      registrationsAcknowledged: acknowledged.filter((r) => r.mall === i).length,
      filingsAcknowledged: filedIn(i),
      formsIssued: sum((c) => c.formsIssued, m.id),
      formsFiled: sum((c) => c.formsFiled, m.id),
    })),
    crossMall,
    isolationReads: isolation.reads,
    notes,
  };
}

/**
 * What a mall's desk sees of the other malls: its clerk's purchase list (every page), the
 * merchants, a search for other malls' customers (by phone and by name), another mall's forms
 * by serial and its purchases by id. Any of another mall's records found is a leak.
 */
async function crossMallReads(
  malls: Mall[],
  ledger: Ledger,
  listedBy: Array<Array<{ purchaseId: string; ref?: string }>>,
): Promise<{ leaks: string[]; reads: number }> {
  const leaks: string[] = [];
  let reads = 0;
  const mallOfPurchase = new Map<string, number>();
  listedBy.forEach((l, i) => l.forEach((p) => mallOfPurchase.set(p.purchaseId, i)));
  const mallOfMerchant = new Map<string, number>();
  malls.forEach((m, i) => m.merchants.forEach((x) => mallOfMerchant.set(x.id, i)));
  const registeredIn = (i: number) => ledger.registrations.filter((r) => r.mall === i && r.fate === 'acknowledged' && r.purchaseId);
  const SAMPLES = 10;
  for (const [i, mall] of malls.entries()) {
    const clerk = mall.clerks[0];
    const foreign = (id: string) => {
      const j = mallOfPurchase.get(id);
      return j !== undefined && j !== i ? malls[j].id : undefined;
    };
    // the clerk's whole purchase list
    const own = await listPurchases(clerk);
    reads += Math.max(1, Math.ceil(own.length / 200));
    for (const p of own) {
      const j = foreign(p.purchaseId);
      if (j) leaks.push(`${mall.id}'s clerk lists purchase ${p.purchaseId} of ${j}`);
    }
    const merchants = await clerk.get('/merchants?limit=200');
    reads++;
    for (const m of merchants.body?.items ?? (Array.isArray(merchants.body) ? merchants.body : [])) {
      const j = mallOfMerchant.get(m.id);
      if (j !== undefined && j !== i) leaks.push(`${mall.id}'s clerk lists merchant ${m.id} of ${malls[j].id}`);
    }
    // other malls' customers, forms and purchases, a few of each mall
    for (const [j, other] of malls.entries()) {
      if (j === i) continue;
      const theirs = registeredIn(j);
      const step = Math.max(1, Math.floor(theirs.length / SAMPLES));
      for (let k = 0; k < theirs.length && k < step * SAMPLES; k += step) {
        const r = theirs[k];
        for (const q of [r.request.body.customer.phone, r.request.body.customer.name]) {
          const found = await clerk.get(`/purchases?q=${encodeURIComponent(q)}&limit=200`);
          reads++;
          if (found.status !== 200) leaks.push(`${mall.id}'s clerk searching ${q}: ${found.status} (expected 200)`);
          for (const p of found.body?.items ?? [])
            if (foreign(p.purchaseId) || p.purchaseId === r.purchaseId)
              leaks.push(`${mall.id}'s clerk searching "${q}" finds purchase ${p.purchaseId} of ${other.id}`);
        }
        const byId = await clerk.get(`/purchases/${encodeURIComponent(r.purchaseId!)}`);
        reads++;
        if (byId.status !== 404)
          leaks.push(`${mall.id}'s clerk reads purchase ${r.purchaseId} of ${other.id}: ${byId.status} (expected 404)`);
      }
      const forms = [...ledger.filings.values()].filter((f) => f.mall === j).slice(0, SAMPLES);
      for (const f of forms) {
        const found = await clerk.get(`/forms?q=${encodeURIComponent(f.form.serial)}`);
        reads++;
        if ((found.body?.items ?? []).length) leaks.push(`${mall.id}'s clerk finds form ${f.form.serial} of ${other.id}`);
        const byId = await clerk.get(`/forms/${encodeURIComponent(f.form.serial)}`);
        reads++;
        if (byId.status !== 404) leaks.push(`${mall.id}'s clerk reads form ${f.form.serial} of ${other.id}: ${byId.status} (expected 404)`);
      }
    }
  }
  return { leaks, reads };
}
