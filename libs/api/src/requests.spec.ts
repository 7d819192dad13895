import { listFormsQuery, moveTestClockRequest, newUserRequest, registerPurchaseRequest } from './requests';
import { routes } from './routes';

const issues = (r: { error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }) =>
  Object.fromEntries((r.error?.issues ?? []).map((i) => [i.path.join('.'), i.message]));

describe('the requests of the contract', () => {
  it('aPurchase_namesEveryBadField_byItsPath_atOnce', () => {
    const r = registerPurchaseRequest.safeParse({
      customer: { name: '', phone: '12', address: 'Road 1' },
      lines: [
        { merchantId: 'M1', items: [], services: [] },
        {
          merchantId: 'M1',
          items: [{ description: 'Floor', quantity: 0, amountCents: -1 }],
          services: [
            { type: 'deliver', plannedDate: '2026-02-30' },
            { type: 'deliver', plannedDate: '2026-02-01', visits: 21 },
          ],
        },
      ],
    });
    expect(issues(r)).toEqual({
      'customer.name': 'must not be empty',
      'customer.phone': 'digits only, 7 to 15 of them',
      'lines.0.items': 'a line needs goods or follow-up services',
      'lines.1.items.0.quantity': 'at least 1',
      'lines.1.items.0.amountCents': 'not negative',
      'lines.1.services.0.plannedDate': 'must be a real date YYYY-MM-DD',
      'lines.1.services.1.visits': 'at most 20',
      'lines.1.services.1.type': 'deliver is already planned in this line; use visits for more visits',
      'lines.1.merchantId': 'this merchant already has a line in this purchase; put all its goods and services in one line',
    });
  });

  it('aPurchase_takesOneVisitAndNoGoods_whenTheyAreLeftOut', () => {
    const r = registerPurchaseRequest.parse({
      customer: { name: 'Wang', phone: '13900005678', address: 'Road 1' },
      lines: [{ merchantId: 'M1', services: [{ type: 'measure', plannedDate: '2026-11-20' }] }],
    });
    expect(r.lines[0]).toEqual({ merchantId: 'M1', items: [], services: [{ type: 'measure', plannedDate: '2026-11-20', visits: 1 }] });
  });

  it('waitingForForms_needsAPurchaseOrACard', () => {
    expect(issues(listFormsQuery.safeParse({ waitFor: '2' }))).toEqual({ waitFor: 'waiting needs a purchaseId or a cardNo' });
    expect(listFormsQuery.parse({ waitFor: '2', cardNo: 'C1' })).toMatchObject({ waitFor: 2, waitMs: 10000, limit: 50 });
  });

  it('aMerchantAccount_needsItsMerchant_andOnlyIt', () => {
    const base = { username: 'desk.1', password: 'a-long-password' };
    expect(issues(newUserRequest.safeParse({ ...base, role: 'merchant' }))).toEqual({
      merchantId: 'a merchant account needs a merchantId, and only a merchant account has one',
    });
    expect(newUserRequest.safeParse({ ...base, role: 'clerk' }).success).toBe(true);
  });

  it('theTestClock_movesByDaysOrToAnInstant_notBoth', () => {
    expect(moveTestClockRequest.safeParse({ advanceDays: 1 }).success).toBe(true);
    expect(issues(moveTestClockRequest.safeParse({ advanceDays: 1, now: '2026-11-20T00:00:00Z' }))).toEqual({
      advanceDays: 'give either advanceDays or now (an ISO date-time), not both',
    });
  });

  it('listsEveryRouteOnce', () => {
    const keys = routes.map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
