import { addDays, localDate } from '@fd/kernel';
import { bootTestService } from '@fd/platform/testing';
import { registrationService } from './registration.service-def';
import { client, tokens } from './registration.test-client';

/** docs/rules.md#example-r1-a-late-registration, through the service's HTTP API. */
describe('a late registration (real PostgreSQL and Kafka)', () => {
  let svc: Awaited<ReturnType<typeof bootTestService>>;
  let api: ReturnType<typeof client>;
  let today: string;
  let merchant: string;

  const purchase = (plannedDate: string) => ({
    customer: { name: '周女士', phone: '13900002222', address: '南京路 2 號' },
    lines: [{ merchantId: merchant, items: [], services: [{ type: 'install', plannedDate }] }],
  });

  beforeAll(async () => {
    svc = await bootTestService(registrationService);
    api = client(svc);
    today = localDate(await svc.runtime.clock.now());
    merchant = await api.registerMerchant('遲來家具', 'L-101');
  });
  afterAll(async () => svc?.stop());

  it('exampleR1_aClerksPurchaseWithAServicePlannedBeforeToday_isRefusedWhole', async () => {
    const before = await api.written();
    const r = await api.as(tokens.clerk).post('/api/v1/purchases', purchase(addDays(today, -40)));
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ code: 'PLANNED_DATE_IN_PAST', errors: [{ field: 'lines.0.services.0.plannedDate' }] });
    expect(await api.written()).toEqual(before);
    // today itself is not late
    expect((await api.as(tokens.clerk).post('/api/v1/purchases', purchase(today))).status).toBe(201);
  });

  it('exampleR1_anAdministrator_registersItLate_andALateAfterSalesRequestToo', async () => {
    const r = await api.as(tokens.admin).post('/api/v1/purchases', purchase(addDays(today, -40)));
    expect(r.status).toBe(201);
    const cardNo = r.body.cards[0].cardNo;
    const clerkRepair = await api
      .as(tokens.clerk)
      .post(`/api/v1/cards/${cardNo}/services`, { type: 'repair', plannedDate: addDays(today, -1) });
    expect(clerkRepair.body).toMatchObject({ status: 422, code: 'PLANNED_DATE_IN_PAST', errors: [{ field: 'plannedDate' }] });
    const adminRepair = await api
      .as(tokens.admin)
      .post(`/api/v1/cards/${cardNo}/services`, { type: 'repair', plannedDate: addDays(today, -1) });
    expect(adminRepair.status).toBe(201);
  });
});
