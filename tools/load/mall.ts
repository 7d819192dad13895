// A mall for the load, made through the public API only: the administration registers the
// merchants and the accounts, clerks register each merchant's service staff; then purchases
// as a desk sees them (one to three merchants, goods, follow-up services) and the filings of
// the forms they issue.
import { randomUUID } from 'node:crypto';
import { addDays, localDate } from '@fd/kernel';
import { Api } from './http';

export interface Merchant {
  id: string;
  name: string;
  /** A client signed in as this merchant's own account. */
  account: Api;
  /** Staff whose certificate is valid, and one whose certificate has expired (an unqualified filing). */
  staff: string[];
  expiredStaff?: string;
}

export interface Mall {
  /** the mall's id (`main`, the default mall, or one the group administration made for the run) */
  id: string;
  admin: Api;
  clerks: Api[];
  merchants: Merchant[];
  timeZone: string;
}

const CATEGORIES = [
  ['地板', '實木複合地板 (平方米)', 268000],
  ['燈飾', '吸頂燈', 79900],
  ['衛浴', '智能馬桶', 459000],
  ['家具', '三人布藝沙發', 899000],
  ['櫥櫃', '整體櫥櫃 (延米)', 320000],
  ['門窗', '斷橋鋁窗 (平方米)', 98000],
  ['塗料', '環保乳膠漆 (桶)', 42000],
  ['瓷磚', '客廳地磚 (平方米)', 16800],
] as const;
const SURNAMES = ['王', '李', '張', '劉', '陳', '楊', '黃', '趙', '吳', '周', '徐', '孫', '馬', '朱', '胡', '林'];
const GIVEN = ['小明', '美華', '志強', '淑芬', '建國', '麗娟', '俊傑', '雅婷', '家豪', '怡君', '文彬', '秀英'];
const STREETS = ['世紀大道', '漕溪北路', '南京西路', '延安西路', '漕寶路', '中山北路', '四川北路', '長壽路'];
const DISTRICTS = ['浦東新區', '徐匯區', '靜安區', '長寧區', '閔行區', '虹口區', '普陀區', '楊浦區'];
const RATINGS = ['very_satisfied', 'very_satisfied', 'satisfied', 'satisfied', 'satisfied', 'fairly_satisfied', 'unsatisfied'] as const;

async function must(what: string, p: () => Promise<{ status: number; body: any }>, tries = 5): Promise<any> {
  for (let i = 1; ; i++) {
    const r = await p();
    if (r.status >= 200 && r.status < 300) return r.body;
    // a service still starting, or one that has not yet learnt of a merchant from its events
    const passing = r.status === 0 || r.status >= 500 || r.status === 422;
    if (!passing || i >= tries) throw new Error(`setting up the mall: ${what} failed with ${r.status}: ${JSON.stringify(r.body)}`);
    await new Promise((res) => setTimeout(res, 300 * i));
  }
}

/** Runs `fn` over `xs` with at most `n` at a time. */
async function inParallel<T, R>(xs: T[], n: number, fn: (x: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(xs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, xs.length) }, async () => {
      while (next < xs.length) {
        const i = next++;
        out[i] = await fn(xs[i], i);
      }
    }),
  );
  return out;
}

export async function signIn(anon: Api, username: string, password: string): Promise<Api> {
  const r = await must(`sign-in of ${username}`, () => anon.post('/auth/login', { username, password }));
  return anon.as(r.accessToken);
}

export async function setUpMall(
  url: string,
  admin: { username: string; password: string },
  o: { merchants: number; clerks: number; runId: string; mallId?: string },
): Promise<Mall> {
  const mallId = o.mallId ?? 'main';
  // account names are unique in the whole deployment, certificate numbers per mall: both name the mall outside main
  const tag = mallId === 'main' ? o.runId : `${mallId}-${o.runId}`;
  const anon = new Api(`${url}/api/v1`);
  const adminApi = await signIn(anon, admin.username, admin.password);
  const policy = await must('policy', () => adminApi.get('/policy'));
  const timeZone: string = policy.timeZone ?? 'Asia/Shanghai';
  const today = localDate(new Date(), timeZone);

  const account = async (role: 'clerk' | 'merchant', name: string, merchantId?: string) => {
    const username = `${name}-${tag}`;
    const password = `${username}-${randomUUID()}`;
    await must(`account ${username}`, () =>
      adminApi.post('/users', { username, password, role, ...(merchantId ? { merchantId } : {}) }, randomUUID()),
    );
    return signIn(anon, username, password);
  };
  const clerks = await inParallel(
    Array.from({ length: o.clerks }, (_, i) => i),
    2,
    (i) => account('clerk', `load-desk${i + 1}`),
  );

  const merchants = await inParallel(
    Array.from({ length: o.merchants }, (_, i) => i),
    3,
    async (i): Promise<Merchant> => {
      const [category] = CATEGORIES[i % CATEGORIES.length];
      const stall = `${String.fromCharCode(65 + (i % 8))}-${100 + i}`;
      const name = `${category}商戶${i + 1}`;
      const { id } = await must(`merchant ${name}`, () => adminApi.post('/merchants', { name, stall, category }, randomUUID()));
      const clerk = clerks[i % clerks.length];
      const staff: string[] = [];
      const staffCount = 2 + (i % 3);
      for (let s = 0; s < staffCount; s++) {
        const made = await must(`staff ${s + 1} of ${name}`, () =>
          clerk.post(
            `/merchants/${id}/staff`,
            {
              name: `${SURNAMES[(i + s) % SURNAMES.length]}師傅`,
              phone: `139${String(i).padStart(4, '0')}${String(s).padStart(4, '0')}`,
              certificateNo: `SG-${tag}-${stall}-${s + 1}`,
              certificateValidUntil: addDays(today, 200 + 30 * s),
            },
            randomUUID(),
          ),
        );
        staff.push(made.id);
      }
      // one merchant in four also sends a worker whose certificate ran out last month
      let expiredStaff: string | undefined;
      if (i % 4 === 3)
        expiredStaff = (
          await must(`expired staff of ${name}`, () =>
            clerk.post(
              `/merchants/${id}/staff`,
              {
                name: '臨時工',
                phone: `137${String(i).padStart(8, '0')}`,
                certificateNo: `SG-${tag}-${stall}-x`,
                certificateValidUntil: addDays(today, -20),
              },
              randomUUID(),
            ),
          )
        ).id;
      return { id, name, account: await account('merchant', `load-m${i + 1}`, id), staff, expiredStaff };
    },
  );
  return { id: mallId, admin: adminApi, clerks, merchants, timeZone };
}

/**
 * Another mall of the group: the group administration makes its administrator (an account in
 * `mallId`), who then sets the mall up exactly as main's administrator does (`setUpMall`).
 */
export async function setUpOtherMall(
  url: string,
  group: { username: string; password: string },
  o: { merchants: number; clerks: number; runId: string; mallId: string },
): Promise<Mall> {
  const anon = new Api(`${url}/api/v1`);
  const groupApi = await signIn(anon, group.username, group.password);
  const username = `load-admin-${o.mallId}-${o.runId}`;
  const password = `${username}-${randomUUID()}`;
  const made = await must(`administrator of ${o.mallId}`, () =>
    groupApi.post('/users', { username, password, role: 'admin', mallId: o.mallId }, randomUUID()),
  );
  if (made.mallId !== undefined && made.mallId !== o.mallId)
    throw new Error(`setting up the mall: the administrator of ${o.mallId} was made in ${String(made.mallId)}`);
  return setUpMall(url, { username, password }, o);
}

export interface PurchaseRequest {
  body: any;
  /** Forms this purchase must issue, per merchant and period (`merchantId period`). */
  expected: Map<string, number>;
  formCount: number;
  /** Written into the first item's description, so the purchase can be found by the request that made it. */
  ref: string;
}

export const formKey = (merchantId: string, period: string) => `${merchantId} ${period}`;

/** A purchase as a desk registers them: most with one merchant, some with two or three; goods and their follow-up services. */
export function purchaseRequest(mall: Mall, ref: string, random: () => number): PurchaseRequest {
  const today = localDate(new Date(), mall.timeZone);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  const r = random();
  const merchantCount = Math.min(mall.merchants.length, r < 0.6 ? 1 : r < 0.9 ? 2 : 3);
  const chosen = new Set<Merchant>();
  while (chosen.size < merchantCount) chosen.add(pick(mall.merchants));
  const expected = new Map<string, number>();
  let formCount = 0;
  const lines = [...chosen].map((m, li) => {
    const [, goods, price] = CATEGORIES[mall.merchants.indexOf(m) % CATEGORIES.length];
    const quantity = 1 + Math.floor(random() * 30);
    const items = [{ description: li === 0 ? `${goods} (單號 ${ref})` : goods, quantity, amountCents: price * quantity }];
    if (random() < 0.3) items.push({ description: '安裝輔料', quantity: 1, amountCents: 5000 + Math.floor(random() * 20000) });
    const services: Array<{ type: string; plannedDate: string; visits?: number }> = [];
    if (random() < 0.15) services.push({ type: 'measure', plannedDate: today });
    if (random() < 0.85) services.push({ type: 'deliver', plannedDate: addDays(today, Math.floor(random() * 3)) });
    if (random() < 0.5)
      services.push({ type: 'install', plannedDate: addDays(today, 1 + Math.floor(random() * 3)), visits: random() < 0.2 ? 2 : 1 });
    if (random() < 0.05) services.push({ type: 'repair', plannedDate: addDays(today, 2) });
    for (const s of services) {
      const k = formKey(m.id, s.plannedDate.slice(0, 7));
      expected.set(k, (expected.get(k) ?? 0) + (s.visits ?? 1));
      formCount += s.visits ?? 1;
    }
    return { merchantId: m.id, items, services };
  });
  const customer = {
    name: `${pick(SURNAMES)}${pick(GIVEN)}`,
    phone: `13${Math.floor(100000000 + random() * 899999999)}`,
    address: `上海市${pick(DISTRICTS)}${pick(STREETS)} ${1 + Math.floor(random() * 3000)} 號 ${1 + Math.floor(random() * 30)} 樓`,
  };
  return { body: { customer, lines }, expected, formCount, ref };
}

export interface IssuedForm {
  serial: string;
  verificationCode: string;
  merchantId: string;
  plannedDate: string;
}

/** What the clerk reads off a returned form. */
export function filingRequest(mall: Mall, form: IssuedForm, random: () => number) {
  const m = mall.merchants.find((x) => x.id === form.merchantId)!;
  const staffId = m.expiredStaff && random() < 0.2 ? m.expiredStaff : m.staff[Math.floor(random() * m.staff.length)];
  const today = localDate(new Date(), mall.timeZone);
  return {
    verificationCode: form.verificationCode,
    rating: RATINGS[Math.floor(random() * RATINGS.length)],
    staffId,
    // a service done on or before its planned day; never after today
    servicedOn: form.plannedDate < today ? form.plannedDate : today,
    ...(random() < 0.2 ? { comment: '師傅準時，安裝乾淨。' } : {}),
  };
}
