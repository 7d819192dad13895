import { parseInput } from '@fd/platform';
import { registerPurchaseRequest } from './register-purchase.request';

const valid = {
  customer: { name: '陳小姐', phone: '13812345678', address: '台北路 8 號 3 樓' },
  lines: [
    {
      merchantId: 'm1',
      items: [{ description: '實木地板', quantity: 30, amountCents: 1200000 }],
      services: [{ type: 'deliver', plannedDate: '2026-10-08' }],
    },
  ],
};

const fieldsOf = (body: unknown) => {
  try {
    parseInput(registerPurchaseRequest, body);
  } catch (e) {
    return (e as { errors: Array<{ field: string }> }).errors.map((x) => x.field).sort();
  }
  return [];
};

describe('the purchase registration request', () => {
  it('aValidBody_isAccepted_andVisitsDefaultToOne', () => {
    expect(parseInput(registerPurchaseRequest, valid).lines[0].services[0].visits).toBe(1);
  });

  it('everyBadField_isNamed', () => {
    expect(
      fieldsOf({
        customer: { name: ' ', phone: '138-1234', address: '' },
        lines: [
          {
            merchantId: 'm1',
            items: [{ description: 'x', quantity: 0, amountCents: 12.5 }],
            services: [{ type: 'paint', plannedDate: '2026-02-30', visits: 0 }],
          },
        ],
      }),
    ).toEqual([
      'customer.address',
      'customer.name',
      'customer.phone',
      'lines.0.items.0.amountCents',
      'lines.0.items.0.quantity',
      'lines.0.services.0.plannedDate',
      'lines.0.services.0.type',
      'lines.0.services.0.visits',
    ]);
  });

  it('aPurchaseWithoutLines_isRefused', () => {
    expect(fieldsOf({ ...valid, lines: [] })).toEqual(['lines']);
    expect(fieldsOf({ customer: valid.customer })).toEqual(['lines']);
  });

  it('aMerchantTwice_isRefusedOnTheRepeatedLine', () => {
    expect(fieldsOf({ ...valid, lines: [valid.lines[0], valid.lines[0]] })).toEqual(['lines.1.merchantId']);
  });

  it('aLineWithNeitherGoodsNorServices_isRefused', () => {
    expect(fieldsOf({ ...valid, lines: [{ merchantId: 'm1' }] })).toEqual(['lines.0.items']);
  });

  it('theSameServiceTypeTwiceInALine_isRefused', () => {
    const twice = [
      { type: 'install', plannedDate: '2026-10-08' },
      { type: 'install', plannedDate: '2026-10-09' },
    ];
    expect(fieldsOf({ ...valid, lines: [{ ...valid.lines[0], services: twice }] })).toEqual(['lines.0.services.1.type']);
  });
});
