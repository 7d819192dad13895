// Demo data for `npm start`: merchants with staff, accounts, and a month of history with
// filed forms, a few missing or forged ones and open penalty cases, all made through the
// public API (as a desk would), so what a new user sees is what the system really did.
import { randomBytes } from 'node:crypto';
import { addDays, localDate } from '@fd/kernel';
import { httpClient } from '@fd/platform/testing';
// the link printed on a form is the forms service's, made from the same key (the demo plays the customer who scans it)
import { confirmationToken } from '@fd/forms-domain';

export interface DemoAccount {
  username: string;
  password: string;
  role: 'clerk' | 'merchant' | 'admin' | 'manager' | 'group_admin';
  merchantName?: string;
  /** The mall the account belongs to: absent, the default mall ('main'). */
  mallId?: string;
}
export type DemoAccounts = DemoAccount[];

type Api = ReturnType<typeof httpClient>;

async function must(what: string, p: Promise<{ status: number; body: any }>, ok = [200, 201, 202]) {
  const r = await p;
  if (!ok.includes(r.status)) throw new Error(`demo data: ${what} failed with ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}

const MERCHANTS = [
  {
    name: '好家居地板',
    stall: 'A-101',
    category: '地板',
    staff: [
      ['陳師傅', '2027-06-30'],
      ['林師傅', '2027-03-31'],
    ],
  },
  {
    name: '明亮燈飾',
    stall: 'B-210',
    category: '燈飾',
    staff: [
      ['王師傅', '2027-12-31'],
      ['張師傅', '2026-10-01'],
    ],
  },
  { name: '安心衛浴', stall: 'C-305', category: '衛浴', staff: [['黃師傅', '2027-09-30']] },
  {
    name: '木匠家具',
    stall: 'D-118',
    category: '家具',
    staff: [
      ['李師傅', '2027-05-31'],
      ['吳師傅', '2027-08-31'],
    ],
  },
];

const CUSTOMERS = [
  ['王小明', '13812345678', '上海市浦東新區世紀大道 100 號 12 樓'],
  ['李美華', '13987654321', '上海市徐匯區漕溪北路 88 號 3 室'],
  ['張志強', '13700001111', '上海市靜安區南京西路 1266 號'],
  ['陳淑芬', '13600002222', '上海市長寧區延安西路 2299 號'],
  ['劉建國', '13500003333', '上海市閔行區七寶鎮漕寶路 3366 號'],
];

const password = () => randomBytes(9).toString('base64url');

/** The second mall of the demo (docs/architecture.md, "Malls"): its own people, merchants, policy and history. */
export const EAST_MALL = 'east';
const EAST_MERCHANTS = [
  {
    name: '東方廚具',
    stall: 'E-101',
    category: '廚具',
    staff: [
      ['趙師傅', '2027-07-31'],
      ['錢師傅', '2027-04-30'],
    ],
  },
  { name: '晨光窗簾', stall: 'E-202', category: '窗簾', staff: [['孫師傅', '2027-11-30']] },
];
const EAST_CUSTOMERS = [
  ['周雅琪', '13311112222', '杭州市上城區解放路 58 號'],
  ['吳志明', '13322223333', '杭州市西湖區文三路 199 號 5 樓'],
  ['鄭美玲', '13333334444', '杭州市濱江區江南大道 3888 號'],
];
/** East's policy: forms are due back 3 days after their service (main keeps the rule book's 7). */
export const EAST_RETURN_DAYS = 3;

/**
 * `formCodeKey` (the system's FORM_CODE_KEY), when given, lets the demo's customers open the
 * self-confirmation links printed on their forms: a few confirm their service on their phone.
 */
export async function seedDemo(url: string, adminPassword: string, formCodeKey?: string, groupPassword?: string): Promise<DemoAccounts> {
  const anon = httpClient(`${url}/api/v1`);
  const login = await must('admin sign-in', anon.post('/auth/login', { username: 'admin', password: adminPassword }));
  const admin = anon.as(login.accessToken);
  const accounts: DemoAccounts = [];

  const clerkAccount = { username: 'desk', password: password(), role: 'clerk' as const };
  await must('clerk account', admin.post('/users', clerkAccount));
  accounts.push(clerkAccount);
  const clerk = anon.as((await must('clerk sign-in', anon.post('/auth/login', clerkAccount))).accessToken);
  // the general manager: decides the corrective actions escalated to it
  const managerAccount = { username: 'manager', password: password(), role: 'manager' as const };
  await must('manager account', admin.post('/users', managerAccount));
  accounts.push(managerAccount);

  const merchants: Array<{ id: string; name: string; staff: string[] }> = [];
  for (const m of MERCHANTS) {
    const { id } = await must(`merchant ${m.name}`, admin.post('/merchants', { name: m.name, stall: m.stall, category: m.category }));
    const staff: string[] = [];
    for (const [i, [name, validUntil]] of m.staff.entries()) {
      const s = await must(
        `staff ${name}`,
        clerk.post(`/merchants/${id}/staff`, {
          name,
          phone: `1390000${String(merchants.length)}${i}00`.slice(0, 11),
          certificateNo: `SG-${m.stall}-${i + 1}`,
          certificateValidUntil: validUntil,
        }),
      );
      staff.push(s.id);
    }
    merchants.push({ id, name: m.name, staff });
    const account = { username: `m-${m.stall.toLowerCase()}`, password: password(), role: 'merchant' as const, merchantName: m.name };
    await must(
      `merchant account ${m.name}`,
      admin.post('/users', { username: account.username, password: account.password, role: 'merchant', merchantId: id }),
    );
    accounts.push(account);
  }

  // the second mall, made by the group administration (bootstrap account `group`) when the system has one
  const east = groupPassword ? await seedEastMall(anon, groupPassword, accounts) : undefined;
  await seedHistory(clerk, admin, merchants, formCodeKey ? (serial) => confirmationToken(serial, formCodeKey) : undefined, east);
  return accounts;
}

type EastMall = Awaited<ReturnType<typeof seedEastMall>>;

/**
 * The mall 'east': the group administration makes its administrator; east's administrator makes
 * its clerk, its merchants (the clerk registers their staff) and a merchant account, and sets
 * east's policy (a shorter return window). What happens there day by day is `eastDay`.
 */
async function seedEastMall(anon: Api, groupPassword: string, accounts: DemoAccounts) {
  const signIn = async (who: { username: string; password: string }) =>
    anon.as(
      (await must(`${who.username} sign-in`, anon.post('/auth/login', { username: who.username, password: who.password }))).accessToken,
    );
  const group = await signIn({ username: 'group', password: groupPassword });
  const adminAccount = { username: 'east-admin', password: password(), role: 'admin' as const, mallId: EAST_MALL };
  await must('east admin account', group.post('/users', adminAccount));
  accounts.push(adminAccount);
  const admin = await signIn(adminAccount);
  const clerkAccount = { username: 'east-desk', password: password(), role: 'clerk' as const, mallId: EAST_MALL };
  await must(
    'east clerk account',
    admin.post('/users', { username: clerkAccount.username, password: clerkAccount.password, role: 'clerk' }),
  );
  accounts.push(clerkAccount);
  const clerk = await signIn(clerkAccount);

  const inForce = await must('east policy', admin.get('/policy'));
  await must(
    'east policy change',
    admin.put('/policy', {
      returnDays: EAST_RETURN_DAYS,
      callbackSampleRate: inForce.callbackSampleRate,
      appealDays: inForce.appealDays,
      timeZone: inForce.timeZone,
    }),
  );

  const merchants: Array<{ id: string; name: string; staff: string[] }> = [];
  for (const m of EAST_MERCHANTS) {
    const { id } = await must(`east merchant ${m.name}`, admin.post('/merchants', { name: m.name, stall: m.stall, category: m.category }));
    const staff: string[] = [];
    for (const [i, [name, validUntil]] of m.staff.entries()) {
      const s = await must(
        `east staff ${name}`,
        clerk.post(`/merchants/${id}/staff`, {
          name,
          phone: `1370000${merchants.length}${i}00`.slice(0, 11),
          certificateNo: `SG-${m.stall}-${i + 1}`,
          certificateValidUntil: validUntil,
        }),
      );
      staff.push(s.id);
    }
    merchants.push({ id, name: m.name, staff });
  }
  // a merchant's account is made by its own mall's administration
  const merchantAccount = {
    username: `m-${EAST_MERCHANTS[0].stall.toLowerCase()}`,
    password: password(),
    role: 'merchant' as const,
    merchantName: merchants[0].name,
    mallId: EAST_MALL,
  };
  await must(
    'east merchant account',
    admin.post('/users', {
      username: merchantAccount.username,
      password: merchantAccount.password,
      role: 'merchant',
      merchantId: merchants[0].id,
    }),
  );
  accounts.push(merchantAccount);
  return { clerk, merchants, waiting: [] as any[], n: 0 };
}

/**
 * A day of east's history: a purchase every five days (a kitchen installed by one merchant,
 * curtains measured by the other), each form filed the day after its service, except the
 * curtains' measurement of the third purchase, which never comes back: with east's return
 * window it falls overdue days before today, and 晨光窗簾's month is 0.
 */
async function eastDay(east: EastMall, today: string, day: number) {
  const [kitchen, curtains] = east.merchants;
  if (day % 5 === 1 && day <= DEMO_DAYS - 14) {
    const [name, phone, address] = EAST_CUSTOMERS[east.n % EAST_CUSTOMERS.length];
    const purchase = await must(
      `east purchase ${east.n}`,
      east.clerk.post('/purchases', {
        customer: { name, phone, address },
        lines: [
          {
            merchantId: kitchen.id,
            items: [{ description: '整體櫥櫃 (延米)', quantity: 4 + east.n, amountCents: 1880000 + east.n * 50000 }],
            services: [{ type: 'install', plannedDate: addDays(today, 2) }],
          },
          {
            merchantId: curtains.id,
            items: [{ description: '遮光窗簾', quantity: 3, amountCents: 256000 }],
            services: [{ type: 'measure', plannedDate: addDays(today, 1) }],
          },
        ],
      }),
    );
    for (const form of purchase.forms ?? [])
      if (!(east.n === 2 && form.merchantId === curtains.id)) east.waiting.push({ ...form, n: east.n });
    east.n++;
  }
  const ratings = ['very_satisfied', 'satisfied', 'fairly_satisfied', 'very_satisfied'];
  for (const form of east.waiting.filter((f) => addDays(f.plannedDate, 1) === today)) {
    const m = east.merchants.find((x) => x.id === form.merchantId)!;
    await must(
      `east filing ${form.serial}`,
      east.clerk.post(`/forms/${form.serial}/return`, {
        verificationCode: form.verificationCode,
        rating: ratings[(form.n + east.merchants.indexOf(m)) % ratings.length],
        staffId: m.staff[form.n % m.staff.length],
        servicedOn: form.plannedDate,
      }),
    );
  }
}

/**
 * Corrective actions (docs/rules.md, "Corrective and preventive actions"): one from the finding's
 * case, due in three days and never done, so that by today it is overdue and in the general
 * manager's queue; one for a department, due after today.
 */
async function openCorrectiveActions(admin: Api, merchants: Array<{ id: string }>, today: string) {
  let found: { id: string } | undefined;
  for (let tries = 0; !found && tries < 60; tries++) {
    const cases = await must('cases', admin.get(`/penalty-cases?merchantId=${merchants[2].id}`));
    found = cases.items?.[0];
    if (!found) await new Promise((r) => setTimeout(r, 500));
  }
  if (!found) throw new Error('demo: the finding opened no penalty case');
  await must(
    'corrective action',
    admin.post('/corrective-actions', {
      source: { kind: 'penalty_case', ref: found.id },
      problem: '上門維修未開反饋表',
      cause: '維修師傅不知道維修也要開反饋表',
      action: '全體師傅培訓反饋表規定，每單維修前到客服中心開表',
      owner: { merchantId: merchants[2].id },
      dueDate: addDays(today, 3),
    }),
  );
  await must(
    'corrective action',
    admin.post('/corrective-actions', {
      source: { kind: 'opinion_category', ref: 'late_delivery' },
      problem: '送貨延誤的意見增多',
      cause: '週末送貨車輛不足',
      action: '週末增加一輛送貨車',
      owner: { department: '物流部' },
      dueDate: addDays(today, 20),
    }),
  );
}

/** How many days of history the demo lives through on the test clock. */
export const DEMO_DAYS = 35;

/**
 * Lives through the demo's history on the test clock, a day at a time: purchases every few
 * days, forms filed the day after their service (one never is: it falls overdue, a missing
 * form), a callback that finds a forgery, a finding and some opinions; then the clock
 * catches up with today. Every step goes through the public API at that day's time.
 */
async function seedHistory(
  clerk: Api,
  admin: Api,
  merchants: Array<{ id: string; name: string; staff: string[] }>,
  linkOf?: (serial: string) => string,
  east?: EastMall,
) {
  const anyone = admin.as(undefined); // the customer, with no account
  const clockNow = async () => new Date((await must('clock', admin.get('/_test/clock'))).now);
  const first = localDate(await clockNow());
  const at = (date: string) => must(`clock to ${date}`, admin.post('/_test/clock', { now: `${date}T02:00:00.000Z` })); // 10:00 in the mall
  const ratings = ['very_satisfied', 'satisfied', 'satisfied', 'fairly_satisfied', 'very_satisfied', 'unsatisfied'];
  const waiting: any[] = [];
  /**
   * Which customers confirm their service themselves: those of the second and fifth purchases give
   * the rating their paper will say (verified without a call); the customer of the third purchase's
   * lamp installation says 不滿意 while the paper comes back 很滿意 (a dispute found this way: forged).
   */
  const selfConfirmed = (f: any): 'same' | 'unsatisfied' | undefined =>
    f.n === 1 || f.n === 4 ? 'same' : f.n === 2 && f.merchantId === merchants[(2 + 1) % merchants.length].id ? 'unsatisfied' : undefined;
  let n = 0;
  for (let day = 0; day <= DEMO_DAYS; day++) {
    const today = addDays(first, day);
    if (day > 0) await at(today);
    if (day % 4 === 0 && day <= DEMO_DAYS - 3) {
      const [name, phone, address] = CUSTOMERS[n % CUSTOMERS.length];
      const a = merchants[n % merchants.length];
      const b = merchants[(n + 1) % merchants.length];
      const purchase = await must(
        `purchase ${n}`,
        clerk.post('/purchases', {
          customer: { name, phone, address },
          lines: [
            {
              merchantId: a.id,
              items: [{ description: '實木複合地板 (平方米)', quantity: 30 + n, amountCents: 2680000 + n * 10000 }],
              services: [
                { type: 'deliver', plannedDate: addDays(today, 2) },
                { type: 'install', plannedDate: addDays(today, 3) },
              ],
            },
            {
              merchantId: b.id,
              items: [{ description: '吸頂燈', quantity: 2, amountCents: 159800 }],
              services: [{ type: 'install', plannedDate: addDays(today, 2) }],
            },
          ],
        }),
      );
      // one form of 木匠家具 never comes back: it falls overdue, a missing form
      for (const form of purchase.forms ?? [])
        if (!(n === 3 && form.merchantId === a.id && form.serviceType === 'install')) waiting.push({ ...form, n, phone });
      n++;
    }
    const paperRating = (form: any) =>
      // the paper of the disputed form says 很滿意 (its customer said 不滿意 on the phone)
      selfConfirmed(form) === 'unsatisfied'
        ? 'very_satisfied'
        : ratings[(form.n + form.visit + merchants.indexOf(merchants.find((x) => x.id === form.merchantId)!)) % ratings.length];
    // on the day of the service a few customers confirm it on their phone, from the form's QR code
    for (const form of waiting.filter((f) => f.plannedDate === today && selfConfirmed(f) && linkOf)) {
      const path = `/public/self-confirmations/${linkOf!(form.serial)}`;
      await must(`code for ${form.serial}`, anyone.post(`${path}/code`, { phoneLast4: form.phone.slice(-4) }));
      const sms = await must('the SMS test inbox', admin.get(`/_test/sms-inbox?phone=${form.phone}`));
      const code = /(\d{6})/.exec(sms.items[0].text)![1];
      const rating = selfConfirmed(form) === 'same' ? paperRating(form) : 'unsatisfied';
      await must(`self-confirmation of ${form.serial}`, anyone.post(`${path}/confirm`, { code, rating, comment: '師傅已完成，謝謝。' }));
    }
    for (const form of waiting.filter((f) => addDays(f.plannedDate, 1) === today)) {
      const m = merchants.find((x) => x.id === form.merchantId)!;
      await must(
        `filing ${form.serial}`,
        clerk.post(`/forms/${form.serial}/return`, {
          verificationCode: form.verificationCode,
          rating: paperRating(form),
          staffId: m.staff[form.n % m.staff.length],
          servicedOn: form.plannedDate,
          comment: form.n % 3 === 0 ? '師傅很準時，安裝乾淨。' : undefined,
        }),
      );
    }
    if (east) await eastDay(east, today, day);
    if (day === DEMO_DAYS - 6) await openCorrectiveActions(admin, merchants, today);
    if (day === DEMO_DAYS - 8) {
      // a callback finds that a form of 明亮燈飾 was never signed by the customer
      const open = await must('callbacks', clerk.get(`/callbacks?status=open&merchantId=${merchants[1].id}`));
      const target = (open.items ?? []).find((c: { reason: string }) => c.reason !== 'overdue');
      if (target)
        await must(
          'callback attempt',
          clerk.post(`/callbacks/${target.id}/attempts`, { outcome: 'signature_denied', note: '顧客表示從未簽過此表' }),
        );
      await must(
        'finding',
        clerk.post('/findings', {
          merchantId: merchants[2].id,
          kind: 'service_without_form',
          servicedOn: addDays(today, -2),
          note: '巡查發現：上門維修未開反饋表',
        }),
      );
    }
  }
  for (const [channel, category, merchant, text] of [
    // categories by their codes (the managed list, docs/rules.md#customer-opinions)
    ['hotline', 'staff_attitude', merchants[0], '送貨師傅態度很好，點讚。'],
    ['phone', 'installation_quality', merchants[1], '安裝延期了兩天，沒有提前通知。'],
    ['mailbox', 'product_quality', merchants[3], '衣櫃門有刮痕，已經聯繫商戶更換。'],
    ['visit', 'late_delivery', merchants[1], '約好的測量時間師傅沒來。'],
  ] as const)
    await must('opinion', clerk.post('/opinions', { channel, category, merchantId: merchant.id, text }));
  // catch up with the wall clock (the test clock never goes back)
  await must(
    'clock to now',
    admin.post('/_test/clock', { now: new Date(Math.max(Date.now(), (await clockNow()).getTime())).toISOString() }),
  );
}
