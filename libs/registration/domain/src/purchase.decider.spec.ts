import { spec } from '@fd/kernel/testing';
import { MerchantFacts, PurchaseCommand, PurchaseEvent, formsFor, purchaseDecider, repeatedMerchantLines } from './purchase.decider';

const now = new Date('2026-10-05T02:00:00Z'); // 2026-10-05 in Shanghai
const timeZone = 'Asia/Shanghai';
// 16:30 UTC: 13 October has begun in Shanghai, London is still on 12 October
const zoneBoundary = new Date('2026-10-12T16:30:00Z');
const customer = { name: '陳小姐', phone: '13812345678', address: '台北路 8 號 3 樓' };
const floors: MerchantFacts = { id: 'm1', name: '美家地板', suspendedUntil: null };
const doors: MerchantFacts = { id: 'm2', name: '安心門窗', suspendedUntil: null };
const floorLine = {
  merchantId: 'm1',
  cardNo: 'SC00000001',
  items: [{ description: '實木地板', quantity: 30, amountCents: 1_200_000 }],
  services: [
    { type: 'deliver' as const, plannedDate: '2026-10-08', visits: 1 },
    { type: 'install' as const, plannedDate: '2026-10-09', visits: 1 },
  ],
};
const doorLine = {
  merchantId: 'm2',
  cardNo: 'SC00000002',
  items: [{ description: '防盜門', quantity: 1, amountCents: 350_000 }],
  services: [{ type: 'measure' as const, plannedDate: '2026-10-06', visits: 1 }],
};
const register = (over: Partial<Extract<PurchaseCommand, { type: 'RegisterPurchase' }>> = {}): PurchaseCommand => ({
  type: 'RegisterPurchase',
  purchaseId: 'p1',
  customer,
  lines: [floorLine, doorLine],
  merchants: [floors, doors],
  now,
  timeZone,
  lateAllowed: false,
  ...over,
});
const registered: PurchaseEvent = {
  type: 'PurchaseRegistered',
  data: { purchaseId: 'p1', registeredAt: now.toISOString(), customer, cards: [floorLine, doorLine] },
};
const repair = { type: 'repair' as const, plannedDate: '2026-11-02', visits: 2 };
const requestRepair = (over: Partial<Extract<PurchaseCommand, { type: 'RequestAfterSalesService' }>> = {}): PurchaseCommand => ({
  type: 'RequestAfterSalesService',
  cardNo: 'SC00000001',
  requestId: 'r1',
  services: [repair],
  now,
  timeZone,
  lateAllowed: false,
  ...over,
});
const repairRequested: PurchaseEvent = {
  type: 'AfterSalesServiceRequested',
  data: { purchaseId: 'p1', cardNo: 'SC00000001', merchantId: 'm1', requestId: 'r1', requestedAt: now.toISOString(), services: [repair] },
};

describe('purchase decider', () => {
  const purchase = spec(purchaseDecider);

  it('registerPurchase_givesOneCardPerMerchantWithItsGoodsAndServices', () => {
    purchase.given([]).when(register()).then([registered]);
  });

  it('registerPurchase_aLineWithoutServices_stillGetsACard', () => {
    const goodsOnly = { ...doorLine, services: [] };
    const [event] = purchase
      .given([])
      .when(register({ lines: [goodsOnly] }))
      .events();
    expect(event).toMatchObject({
      type: 'PurchaseRegistered',
      data: { cards: [{ cardNo: 'SC00000002', merchantId: 'm2', services: [] }] },
    });
  });

  it('registerPurchase_repeated_changesNothing', () => {
    purchase.given([registered]).when(register()).thenNothingHappened();
  });

  it('registerPurchase_withoutLines_isInvalid', () => {
    purchase
      .given([])
      .when(register({ lines: [] }))
      .thenThrows('VALIDATION_FAILED');
  });

  it('registerPurchase_aMerchantTwice_isInvalidAndNamesTheRepeatedLine', () => {
    const run = () =>
      purchase
        .given([])
        .when(register({ lines: [floorLine, doorLine, { ...floorLine, cardNo: 'SC00000003' }] }))
        .events();
    expect(run).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED', errors: [expect.objectContaining({ field: 'lines.2.merchantId' })] }),
    );
  });

  it('registerPurchase_unknownMerchant_isNotFound', () => {
    purchase
      .given([])
      .when(register({ merchants: [floors] }))
      .thenThrows('MERCHANT_NOT_FOUND');
  });

  it('registerPurchase_aMerchantSuspendedThroughToday_isRefused', () => {
    purchase
      .given([])
      .when(register({ merchants: [floors, { ...doors, suspendedUntil: '2026-10-05' }] }))
      .thenThrows('MERCHANT_SUSPENDED');
  });

  it('registerPurchase_aMerchantWhoseSuspensionEndedYesterday_isAccepted', () => {
    purchase
      .given([])
      .when(register({ merchants: [floors, { ...doors, suspendedUntil: '2026-10-04' }] }))
      .then([registered]);
  });

  it('registerPurchase_aMerchantSuspendedThroughTodayInThePolicysTimeZone_isRefused', () => {
    const suspendedThrough12October = { ...doors, suspendedUntil: '2026-10-12' };
    purchase
      .given([])
      .when(register({ merchants: [floors, suspendedThrough12October], now: zoneBoundary, timeZone: 'Europe/London', lateAllowed: true }))
      .thenThrows('MERCHANT_SUSPENDED');
    const [event] = purchase
      .given([])
      .when(register({ merchants: [floors, suspendedThrough12October], now: zoneBoundary, timeZone: 'Asia/Shanghai', lateAllowed: true }))
      .events();
    expect(event.type).toBe('PurchaseRegistered');
  });

  it('requestAfterSales_addsTheServicesToTheCard', () => {
    purchase.given([registered]).when(requestRepair()).then([repairRequested]);
  });

  it('requestAfterSales_sameRequestAgain_changesNothing', () => {
    purchase.given([registered, repairRequested]).when(requestRepair()).thenNothingHappened();
  });

  it('requestAfterSales_unknownCard_isNotFound', () => {
    purchase
      .given([registered])
      .when(requestRepair({ cardNo: 'SC00000099' }))
      .thenThrows('CARD_NOT_FOUND');
    purchase.given([]).when(requestRepair()).thenThrows('CARD_NOT_FOUND');
  });

  it('requestAfterSales_withoutServices_isInvalid', () => {
    purchase
      .given([registered])
      .when(requestRepair({ services: [] }))
      .thenThrows('VALIDATION_FAILED');
  });

  it('exampleR1_aServicePlannedBeforeToday_isALateRegistration_refusedToAClerkWhole', () => {
    const late = { ...doorLine, services: [{ type: 'measure' as const, plannedDate: '2026-10-04', visits: 1 }] };
    const refused = purchase.given([]).when(register({ lines: [floorLine, late] }));
    refused.thenThrows('PLANNED_DATE_IN_PAST');
    expect(() => purchaseDecider.decide(register({ lines: [floorLine, late] }), purchaseDecider.initialState())).toThrow(
      expect.objectContaining({ errors: [expect.objectContaining({ field: 'lines.1.services.0.plannedDate' })] }),
    );
  });

  it('exampleR1_anAdministrator_mayRegisterLate', () => {
    const late = { ...doorLine, services: [{ type: 'measure' as const, plannedDate: '2026-09-01', visits: 1 }] };
    const [event] = purchase
      .given([])
      .when(register({ lines: [floorLine, late], lateAllowed: true }))
      .events();
    expect(event.type).toBe('PurchaseRegistered');
  });

  it('exampleR1_todayIsTakenInThePolicysTimeZone', () => {
    // 16:30 UTC on 12 October: 13 October in Shanghai, so a service on the 12th is late there only
    const on12 = { ...doorLine, services: [{ type: 'measure' as const, plannedDate: '2026-10-12', visits: 1 }] };
    purchase
      .given([])
      .when(register({ lines: [on12], merchants: [doors], now: zoneBoundary, timeZone: 'Asia/Shanghai' }))
      .thenThrows('PLANNED_DATE_IN_PAST');
    expect(
      purchase
        .given([])
        .when(register({ lines: [on12], merchants: [doors], now: zoneBoundary, timeZone: 'Europe/London' }))
        .events(),
    ).toHaveLength(1);
  });

  it('exampleR1_anAfterSalesRequestPlannedBeforeToday_isLateToo', () => {
    const lateRepair = { ...repair, plannedDate: '2026-10-01' };
    purchase
      .given([registered])
      .when(requestRepair({ services: [lateRepair] }))
      .thenThrows('PLANNED_DATE_IN_PAST');
    expect(
      purchase
        .given([registered])
        .when(requestRepair({ services: [lateRepair], lateAllowed: true }))
        .events(),
    ).toHaveLength(1);
  });

  it('exampleR2_anAfterSalesRequest_isTakenDuringTheMerchantsSuspension', () => {
    // the decider is not even told of suspensions for a repair: the customer's service never waits on the merchant's penalty
    purchase.given([registered]).when(requestRepair()).then([repairRequested]);
  });

  it('theCard_listsAfterSalesServicesWithTheirRequest', () => {
    const state = [registered, repairRequested].reduce(purchaseDecider.evolve, purchaseDecider.initialState());
    expect(state.status === 'registered' && state.cards[0].services).toEqual([
      ...floorLine.services,
      { ...repair, requestId: 'r1', requestedAt: now.toISOString() },
    ]);
  });

  it('formsFor_countsOneFormPerVisit', () => {
    expect(formsFor([...floorLine.services, ...doorLine.services])).toBe(3);
    expect(formsFor([repair])).toBe(2);
    expect(formsFor([])).toBe(0);
  });

  it('repeatedMerchantLines_namesEveryLineAfterTheFirstOfItsMerchant', () => {
    expect(repeatedMerchantLines([{ merchantId: 'a' }, { merchantId: 'b' }, { merchantId: 'a' }, { merchantId: 'a' }])).toEqual([2, 3]);
  });
});
