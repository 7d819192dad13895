import { randomUUID } from 'node:crypto';
import { PayloadOf, PenaltyCaseDecided } from '@fd/contracts';
import { addDays, localDate } from '@fd/kernel';
import { bootTestService, probe, publishEvent } from '@fd/platform/testing';
import { merchantStream } from './read-models/merchant.read-model';
import { registrationService } from './registration.service-def';
import { client, tokens } from './registration.test-client';

describe('suspensions decided by the penalty review (real PostgreSQL and Kafka)', () => {
  let svc: Awaited<ReturnType<typeof bootTestService>>;
  let api: ReturnType<typeof client>;
  let today: string;

  const decided = (merchantId: string, over: Partial<PayloadOf<typeof PenaltyCaseDecided>> = {}): PayloadOf<typeof PenaltyCaseDecided> => ({
    caseId: randomUUID(),
    merchantId,
    kind: 'form_not_returned',
    serial: 'F-0001',
    decision: 'uphold',
    reason: 'the form never came back',
    decidedOn: today,
    policyVersion: 1,
    ...over,
  });
  const publish = (payload: PayloadOf<typeof PenaltyCaseDecided>) =>
    publishEvent(svc.runtime.kafka, svc.topicPrefix, PenaltyCaseDecided, payload);
  /** The suspensions the service has recorded for a merchant (its own event stream). */
  const suspensionsOf = async (merchantId: string) =>
    (await svc.runtime.store.readStream(svc.runtime.ds.manager, merchantStream(merchantId))).filter((e) => e.type === 'MerchantSuspended');
  /** How many PenaltyCaseDecided messages the consumer has handled (duplicates of a message id are not handled twice). */
  const decisionsHandled = async () => {
    const metrics = await (await fetch(`${svc.url}/metrics`)).text();
    return Number(/consumer_messages_total\{result="handled",type="PenaltyCaseDecided"\} (\d+)/.exec(metrics)?.[1] ?? 0);
  };
  const purchase = (...merchantIds: string[]) => ({
    customer: { name: '林先生', phone: '13900001111', address: '中山路 1 號' },
    lines: merchantIds.map((merchantId) => ({
      merchantId,
      items: [{ description: '瓷磚', quantity: 10, amountCents: 50000 }],
      services: [{ type: 'deliver', plannedDate: addDays(today, 2) }],
    })),
  });

  beforeAll(async () => {
    svc = await bootTestService(registrationService);
    api = client(svc);
    today = localDate(await svc.runtime.clock.now());
  });
  afterAll(async () => svc?.stop());

  it('aSuspendedMerchant_getsNoNewPurchaseLinesThroughItsLastDay_butItsCustomersAfterSalesIsTaken (example R2)', async () => {
    const tiles = await api.registerMerchant('好瓷磚', 'E-505', 'tiles');
    const lights = await api.registerMerchant('亮光燈飾', 'C-303', 'lighting');
    const earlier = (await api.as(tokens.clerk).post('/api/v1/purchases', purchase(tiles))).body.cards[0].cardNo;
    const until = addDays(today, 5);

    await publish(decided(tiles, { suspendedUntil: until, fineCents: 100000 }));
    const merchant = await probe(
      async () => (await api.as(tokens.clerk).get(`/api/v1/merchants/${tiles}`)).body,
      (m) => m.suspendedUntil !== undefined,
      { what: 'the suspension to be recorded' },
    );
    expect(merchant.suspendedUntil).toBe(until);

    const before = await api.written();
    const refused = await api.as(tokens.clerk).post('/api/v1/purchases', purchase(lights, tiles));
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('MERCHANT_SUSPENDED');
    expect(refused.body.detail).toContain(until);
    expect(await api.written()).toEqual(before); // refused whole: not even the other merchant's line
    const afterSales = await api.as(tokens.clerk).post(`/api/v1/cards/${earlier}/services`, {
      type: 'repair',
      plannedDate: addDays(today, 1),
    });
    expect(afterSales.status).toBe(201);
    expect(afterSales.body).toMatchObject({ cardNo: earlier, expectedForms: 1 });

    expect((await api.as(tokens.clerk).post('/api/v1/purchases', purchase(lights))).status).toBe(201);
  });

  it('aSuspensionThatEndedYesterday_refusesNothing', async () => {
    const doors = await api.registerMerchant('安心門窗', 'B-202', 'doors');
    await publish(decided(doors, { suspendedUntil: addDays(today, -1) }));
    await probe(
      () => suspensionsOf(doors),
      (s) => s.length === 1,
      { what: 'the ended suspension to be recorded' },
    );

    expect((await api.as(tokens.clerk).get(`/api/v1/merchants/${doors}`)).body).not.toHaveProperty('suspendedUntil');
    expect((await api.as(tokens.clerk).post('/api/v1/purchases', purchase(doors))).status).toBe(201);
  });

  it('theSameDecisionTwice_isOneSuspension_andADecisionWithoutSuspensionChangesNothing', async () => {
    const floors = await api.registerMerchant('美家地板', 'A-101', 'flooring');
    const handledBefore = await decisionsHandled();
    await publish(decided(floors, { decision: 'dismiss', reason: 'the customer was away' }));
    const twice = decided(floors, { suspendedUntil: addDays(today, 3) });
    await publish(twice);
    await publish(twice); // scoring's relay may publish a decision again (a new message, the same case)
    const later = decided(floors, { suspendedUntil: addDays(today, 1) });
    await publish(later);
    await probe(decisionsHandled, (n) => n === handledBefore + 4, { what: 'all four decisions to be handled' });
    expect((await suspensionsOf(floors)).map((e) => (e.data as { caseId: string }).caseId).sort()).toEqual(
      [twice.caseId, later.caseId].sort(),
    );
    // the shorter suspension decided later does not shorten the first
    expect((await api.as(tokens.clerk).get(`/api/v1/merchants/${floors}`)).body.suspendedUntil).toBe(addDays(today, 3));
  });
});
