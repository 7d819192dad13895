/* eslint-disable @typescript-eslint/no-explicit-any -- the API's JSON answers, read loosely as the contract specs read them */
import { addDays } from '@fd/kernel';
import { HttpAnswer } from '@fd/platform/testing';
import { ContractDesk, PHONE, PHONE_TEXT } from './contract';

/**
 * The records that contract.records.e2e.spec.ts makes in its tests, made again here without its
 * checks (the same requests that succeed there, in the same order), for the specs that need them
 * in place on a system of their own: the role matrix and a merchant's scope read and try to
 * change every kind of record, and the masking checks need each place a phone number or a
 * verification code could hide (a revocation's reason, a refused filing, a comment, a void's
 * reason, a callback's note, a finding, an appeal, a decision). Keep the two in step.
 */

async function must(what: string, status: number, answer: Promise<HttpAnswer>): Promise<HttpAnswer> {
  const r = await answer;
  if (r.status !== status) throw new Error(`${what}: expected ${status}, got ${r.status} ${JSON.stringify(r.body).slice(0, 1000)}`);
  return r;
}

export interface Purchases {
  shared: any; // a purchase with a line for A and one for B
  onlyA: any; // a purchase with a line for A only
  deliverA: any;
  installA: any[];
  measureB: any[];
}

export interface Records extends Purchases {
  callbackA: any;
  callbackB: any;
  findingA: string;
  caseA: any;
  caseB: any;
}

const customer = { name: '王小明', phone: PHONE, address: '上海市浦東新區世紀大道 100 號' };

/** The two purchases of 'purchases and cards', with their forms by service. */
export async function registerPurchases(desk: ContractDesk): Promise<Purchases> {
  const { clerk, a, b, today } = desk;
  const shared = (
    await must(
      'the purchase for A and B',
      201,
      clerk.post('/purchases', {
        customer,
        lines: [
          {
            merchantId: a,
            items: [{ description: '實木地板', quantity: 30, amountCents: 2680000 }],
            services: [
              { type: 'deliver', plannedDate: today },
              { type: 'install', plannedDate: today, visits: 3 },
            ],
          },
          {
            merchantId: b,
            items: [{ description: '吸頂燈', quantity: 2, amountCents: 159800 }],
            services: [{ type: 'measure', plannedDate: today, visits: 2 }],
          },
        ],
      }),
    )
  ).body;
  const of = (type: string, m: string) =>
    shared.forms.filter((f: any) => f.serviceType === type && f.merchantId === m).sort((x: any, y: any) => x.visit - y.visit);
  const onlyA = (
    await must(
      'the purchase for A',
      201,
      clerk.post('/purchases', {
        customer,
        lines: [{ merchantId: a, items: [{ description: '踢腳線', quantity: 10, amountCents: 30000 }], services: [] }],
      }),
    )
  ).body;
  return { shared, onlyA, deliverA: of('deliver', a)[0], installA: of('install', a), measureB: of('measure', b) };
}

/** Every record the records spec makes: registry, purchases, forms, callbacks, findings, opinions, cases, policy, scores. */
export async function seedRecords(desk: ContractDesk): Promise<Records> {
  const { admin, clerk, merchantA, a, b, staffA, today, caseOfFinding, openCallbackOf, fileForm } = desk;

  // registry
  await must('a third merchant', 201, admin.post('/merchants', { name: '新商戶', stall: 'C-301', category: '門窗' }));
  const revoked = await must(
    'a staff member of A',
    201,
    clerk.post(`/merchants/${a}/staff`, {
      name: '林師傅',
      phone: '13900000003',
      certificateNo: 'SG-REVOKE',
      certificateValidUntil: addDays(today, 100),
    }),
  );
  await must('the revocation', 200, clerk.post(`/merchants/${a}/staff/${revoked.body.id}/revoke`, { reason: `證件造假，舉報人 ${PHONE}` }));

  // purchases and cards
  const purchases = await registerPurchases(desk);
  const { onlyA, deliverA, installA, measureB } = purchases;
  await must(
    'after-sales service',
    201,
    clerk.post(`/cards/${onlyA.cards[0].cardNo}/services`, { type: 'repair', plannedDate: addDays(today, 3), visits: 2 }),
  );

  // forms
  await must('a filing with a wrong code', 422, fileForm(deliverA, { verificationCode: 'ZZZZZZZZ' }));
  await must(
    'the filing of A’s delivery',
    200,
    clerk.post(`/forms/${deliverA.serial}/return`, {
      verificationCode: deliverA.verificationCode,
      rating: 'unsatisfied',
      staffId: staffA,
      servicedOn: today,
      comment: PHONE_TEXT,
    }),
  );
  await must('the filing of B’s measuring', 200, fileForm(measureB[0]));
  await must('the void', 200, clerk.post(`/forms/${installA[2].serial}/void`, { reason: `顧客取消安裝，${PHONE}` }));

  // callbacks and findings
  const callbackA = await openCallbackOf(deliverA.serial);
  const callbackB = await openCallbackOf(measureB[0].serial);
  await must('a callback attempt', 201, clerk.post(`/callbacks/${callbackA.id}/attempts`, { outcome: 'confirmed', note: PHONE_TEXT }));
  const findingA = (
    await must(
      'a finding on A',
      201,
      clerk.post('/findings', {
        merchantId: a,
        kind: 'service_without_form',
        servicedOn: today,
        purchaseId: onlyA.purchaseId,
        note: PHONE_TEXT,
      }),
    )
  ).body.id;
  const fB = await must('a finding on B', 201, clerk.post('/findings', { merchantId: b, kind: 'service_without_form', note: '巡查發現' }));
  const caseA = await caseOfFinding(findingA);
  const caseB = await caseOfFinding(fB.body.id);
  await must(
    'an opinion on A',
    201,
    clerk.post('/opinions', { channel: 'hotline', category: 'late_delivery', merchantId: a, text: PHONE_TEXT }),
  );
  await must(
    'an opinion on B',
    201,
    clerk.post('/opinions', { channel: 'visit', category: 'staff_attitude', merchantId: b, text: '態度不好' }),
  );
  await must('an opinion on no merchant', 201, clerk.post('/opinions', { channel: 'mailbox', category: 'other', text: '停車難' }));

  // scores and penalty cases
  await must('A’s appeal', 201, merchantA.post(`/penalty-cases/${caseA.id}/appeal`, { statement: `顧客 ${PHONE} 說是他自己請人修的` }));
  await must(
    'the decision on A’s case',
    201,
    admin.post(`/penalty-cases/${caseA.id}/decision`, { decision: 'uphold', reason: `已向顧客 ${PHONE} 核實`, fineCents: 50000 }),
  );
  await must(
    'the policy',
    200,
    admin.put('/policy', { returnDays: 7, callbackSampleRate: 0.2, appealDays: 10, timeZone: 'Asia/Shanghai' }),
  );
  await must('the rebuild of the scores', 200, admin.post('/admin/rebuild-scores', {}));

  return { ...purchases, callbackA, callbackB, findingA, caseA, caseB };
}
