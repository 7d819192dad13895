import { spec } from '@fd/kernel/testing';
import { IssuedForm } from './form.decider';
import { issuanceDecider, planForms } from './issuance.decider';

describe('planning the forms of a purchase', () => {
  it('twoMerchants_deliverAndInstallPlusOneMeasure_giveThreeForms', () => {
    const planned = planForms(
      { kind: 'purchase', purchaseId: 'p1' },
      [
        {
          cardNo: 'C1',
          merchantId: 'm1',
          services: [
            { type: 'deliver', plannedDate: '2026-10-03', visits: 1 },
            { type: 'install', plannedDate: '2026-10-05', visits: 1 },
          ],
        },
        { cardNo: 'C2', merchantId: 'm2', services: [{ type: 'measure', plannedDate: '2026-10-02', visits: 1 }] },
      ],
      7,
      '2026-10-01',
    );
    expect(planned.map((f) => [f.cardNo, f.merchantId, f.serviceType, f.visit, f.plannedDate, f.dueDate])).toEqual([
      ['C1', 'm1', 'deliver', 1, '2026-10-03', '2026-10-10'],
      ['C1', 'm1', 'install', 1, '2026-10-05', '2026-10-12'],
      ['C2', 'm2', 'measure', 1, '2026-10-02', '2026-10-09'],
    ]);
  });
  it('aServiceOfThreeVisits_givesOneFormPerVisit', () => {
    const planned = planForms(
      { kind: 'purchase', purchaseId: 'p1' },
      [{ cardNo: 'C1', merchantId: 'm1', services: [{ type: 'repair', plannedDate: '2026-10-30', visits: 3 }] }],
      7,
      '2026-10-30',
    );
    expect(planned.map((f) => f.visit)).toEqual([1, 2, 3]);
    expect(planned[0].dueDate).toBe('2026-11-06');
  });
  it('anAfterSalesRequest_marksItsFormsWithTheRequest', () => {
    const [f] = planForms(
      { kind: 'after_sales', purchaseId: 'p1', requestId: 'r1' },
      [{ cardNo: 'C1', merchantId: 'm1', services: [{ type: 'repair', plannedDate: '2026-10-30', visits: 1 }] }],
      3,
      '2026-10-20',
    );
    expect(f).toMatchObject({ purchaseId: 'p1', requestId: 'r1', dueDate: '2026-11-02', returnDays: 3 });
  });
  it('exampleR1_aLateRegistration_isDueReturnDaysAfterTheDayOfRegistration_inTheMonthOfItsPlannedDate', () => {
    const [f] = planForms(
      { kind: 'purchase', purchaseId: 'p1' },
      [{ cardNo: 'C1', merchantId: 'm1', services: [{ type: 'install', plannedDate: '2027-01-29', visits: 1 }] }],
      7,
      '2027-03-10',
    );
    expect(f).toMatchObject({ plannedDate: '2027-01-29', dueDate: '2027-03-17' });
  });
});

describe('issuing the forms of one purchase', () => {
  const source = { kind: 'purchase' as const, purchaseId: 'p1' };
  const forms = [{ serial: 'FD00000001' }, { serial: 'FD00000002' }] as IssuedForm[];
  it('theFirstTime_recordsTheIssuedSerials', () => {
    spec(issuanceDecider)
      .given([])
      .when({ type: 'IssueForms', source, forms })
      .then([{ type: 'FormsIssued', data: { source, serials: ['FD00000001', 'FD00000002'] } }]);
  });
  it('theSamePurchaseAgain_issuesNothing', () => {
    spec(issuanceDecider)
      .given([{ type: 'FormsIssued', data: { source, serials: ['FD00000001', 'FD00000002'] } }])
      .when({ type: 'IssueForms', source, forms: [{ serial: 'FD00000003' }] as IssuedForm[] })
      .thenNothingHappened();
  });
});
