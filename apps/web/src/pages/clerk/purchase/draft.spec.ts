import {
  addItem,
  addLine,
  addService,
  canAddService,
  Draft,
  formsOfLine,
  lineTotalCents,
  newDraft,
  newPurchaseForm,
  PurchaseForm,
  purchaseForm,
  removeItem,
  removeLine,
  removeService,
  requestOf,
  shownError,
  validate,
  withCustomer,
  withItem,
  withLine,
  withMerchant,
  withService,
} from './draft';

const DAY = '2026-11-20';
const customer = { name: '王先生', phone: '139-0000 5678', address: '上海市徐匯區漕溪北路 1 號' };

/** A draft a clerk could register: one merchant, one row of goods, the delivery. */
function filled(): Draft {
  let d = withCustomer(customer)(newDraft(DAY));
  d = withLine(0, withMerchant('M1'))(d);
  return withLine(0, withItem(0, { description: '複合地板', quantity: '2', amount: '1,200.5' }))(d);
}

describe('the purchase being registered', () => {
  it('aNewDraft_hasOneLine_withOneEmptyRowOfGoods_andADeliveryOnTheGivenDay', () => {
    const d = newDraft(DAY);
    expect(d.lines).toHaveLength(1);
    expect(d.lines[0].items).toEqual([expect.objectContaining({ description: '', quantity: '1', amount: '' })]);
    expect(d.lines[0].services).toEqual([expect.objectContaining({ type: 'deliver', plannedDate: DAY, visits: '1' })]);
  });

  it('anEmptyDraft_asksForTheCustomer_andTheMerchant', () => {
    expect(validate(newDraft(DAY))).toEqual({
      'customer.name': 'validation.required',
      'customer.phone': 'validation.required',
      'customer.address': 'validation.required',
      'lines.0.merchantId': 'validation.required',
    });
  });

  it('aFilledDraft_isValid', () => {
    expect(validate(filled())).toEqual({});
  });

  it('aServicePlannedBeforeToday_isForTheAdministrationOnly (example R1)', () => {
    expect(validate(filled(), { today: '2026-11-21', allowed: false })).toEqual({
      'lines.0.services.0.plannedDate': 'validation.plannedDateInPast',
    });
    expect(validate(filled(), { today: '2026-11-21', allowed: true })).toEqual({});
    expect(validate(filled(), { today: DAY, allowed: false })).toEqual({});
  });

  it('whenTodayChanges_untouchedDefaultDatesFollow_andTheClerksOwnDatesStay', () => {
    let form = purchaseForm(newPurchaseForm(DAY), { type: 'edit', change: withLine(0, addService(DAY)) });
    form = purchaseForm(form, { type: 'edit', path: 'lines.0.services.1.plannedDate', change: (d) => d });
    const moved = purchaseForm(form, { type: 'todayChanged', from: DAY, to: '2026-12-03' });
    expect(moved.draft.lines[0].services.map((s) => s.plannedDate)).toEqual(['2026-12-03', DAY]);
  });

  it('thePhone_isSevenToFifteenDigits_spacesAndDashesAside', () => {
    expect(validate(withCustomer({ phone: '123-456' })(filled()))).toEqual({ 'customer.phone': 'validation.phone' });
    expect(validate(withCustomer({ phone: '139 0000 5678' })(filled()))).toEqual({});
    expect(validate(withCustomer({ phone: '1390000567x' })(filled()))).toEqual({ 'customer.phone': 'validation.phone' });
  });

  it('aMerchant_appearsOnOneLineOnly', () => {
    const d = withLine(1, withMerchant('M1'))(addLine(DAY)(filled()));
    expect(validate(d)).toEqual({ 'lines.1.merchantId': 'validation.duplicateMerchant' });
  });

  it('aLine_withNeitherGoodsNorServices_isEmpty', () => {
    const d = withLine(0, removeService(0))(filled());
    expect(validate(withLine(0, withItem(0, { description: '', amount: '' }))(d))).toEqual({ 'lines.0.items': 'validation.lineEmpty' });
  });

  it('aBlankRowOfGoods_isLeftOut_butAStartedOneMustBeComplete', () => {
    const d = withLine(0, addItem)(filled());
    expect(validate(d)).toEqual({});
    expect(validate(withLine(0, withItem(1, { amount: '12' }))(d))).toEqual({ 'lines.0.items.1.description': 'validation.required' });
    expect(validate(withLine(0, withItem(1, { description: '踢腳線' }))(d))).toEqual({
      'lines.0.items.1.amountCents': 'validation.required',
    });
    expect(validate(withLine(0, withItem(1, { description: '踢腳線', amount: '12.345', quantity: '0' }))(d))).toEqual({
      'lines.0.items.1.quantity': 'validation.positiveWhole',
      'lines.0.items.1.amountCents': 'validation.amount',
    });
  });

  it('eachServiceType_onceALine_onARealDay_forOneToTwentyVisits', () => {
    let d = withLine(0, addService(DAY))(filled());
    d = withLine(0, withService(1, { type: 'deliver', plannedDate: '2026-02-30', visits: '21' }))(d);
    expect(validate(d)).toEqual({
      'lines.0.services.1.type': 'validation.duplicateService',
      'lines.0.services.1.plannedDate': 'validation.date',
      'lines.0.services.1.visits': 'validation.visits',
    });
  });

  it('anotherService_takesATypeTheLineLacks_onTheDayOfItsFirstService', () => {
    let line = withService(0, { type: 'measure', plannedDate: '2026-12-01' })(filled().lines[0]);
    line = addService('2026-11-30')(line);
    expect(line.services[1]).toMatchObject({ type: 'deliver', plannedDate: '2026-12-01' });
    line = addService(DAY)(addService(DAY)(line));
    expect(line.services.map((s) => s.type)).toEqual(['measure', 'deliver', 'install', 'repair']);
    expect(canAddService(line)).toBe(false);
    const none = [0, 1, 2, 3].reduce((l) => removeService(0)(l), line);
    expect(none.services).toEqual([]);
    expect(addService('2026-11-30')(none).services).toEqual([expect.objectContaining({ type: 'measure', plannedDate: '2026-11-30' })]);
  });

  it('theLineSays_itsGoodsTotal_andHowManyFormsItsServicesIssue', () => {
    let line = withItem(0, { amount: '¥1,200.50' })(addItem(filled().lines[0]));
    line = withItem(1, { description: '膠', amount: '9.5' })(line);
    expect(lineTotalCents(line)).toBe(121000);
    line = withService(0, { visits: '3' })(addService(DAY)(line));
    expect(formsOfLine(line)).toBe(4);
    expect(formsOfLine(withService(1, { visits: 'x' })(line))).toBe(3);
  });

  it('theRequest_isTrimmed_thePhoneInDigits_amountsInCents_blankGoodsLeftOut', () => {
    let d = withCustomer({ name: ' 王先生 ', address: ' 地址 ' })(withLine(0, addItem)(filled()));
    d = withLine(0, withItem(0, { description: ' 複合地板 ' }))(d);
    expect(requestOf(d)).toEqual({
      customer: { name: '王先生', phone: '13900005678', address: '地址' },
      lines: [
        {
          merchantId: 'M1',
          items: [{ description: '複合地板', quantity: 2, amountCents: 120050 }],
          services: [{ type: 'deliver', plannedDate: DAY, visits: 1 }],
        },
      ],
    });
  });

  it('removingALineOrARow_keepsTheOthers', () => {
    const d = withLine(1, withMerchant('M2'))(addLine(DAY)(filled()));
    expect(removeLine(0)(d).lines.map((l) => l.merchantId)).toEqual(['M2']);
    const line = withItem(1, { description: '膠' })(addItem(d.lines[0]));
    expect(removeItem(0)(line).items.map((i) => i.description)).toEqual(['膠']);
    expect(new Set([...d.lines, ...line.items].map((x) => x.key)).size).toBe(4);
  });
});

describe('the registration form', () => {
  const errors = { 'customer.name': 'required', 'customer.phone': 'digits only' };
  const form = (...actions: Parameters<typeof purchaseForm>[1][]): PurchaseForm => actions.reduce(purchaseForm, newPurchaseForm(DAY));

  it('showsNoError_untilAFieldIsTouched_orRegisteringIsTried', () => {
    expect(shownError(form(), errors, 'customer.name')).toBeUndefined();
    expect(shownError(form({ type: 'touch', path: 'customer.name' }), errors, 'customer.name')).toBe('required');
    expect(shownError(form({ type: 'touch', path: 'customer.name' }), errors, 'customer.phone')).toBeUndefined();
    expect(shownError(form({ type: 'submit' }), errors, 'customer.phone')).toBe('digits only');
  });

  it('anEditedField_countsAsTouched_andChangesTheDraft', () => {
    const f = form({ type: 'edit', path: 'customer.phone', change: withCustomer({ phone: '12' }) });
    expect(f.draft.customer.phone).toBe('12');
    expect(shownError(f, errors, 'customer.phone')).toBe('digits only');
    expect(form({ type: 'edit', change: addLine(DAY) }).touched.size).toBe(0);
  });

  it('theServersWord_showsOnItsField_untilTheFieldIsChanged', () => {
    const refused = form({ type: 'refused', serverErrors: { 'lines.0.merchantId': 'suspended' } });
    expect(shownError(refused, {}, 'lines.0.merchantId')).toBe('suspended');
    const changed = purchaseForm(refused, { type: 'edit', path: 'lines.0.merchantId', change: withLine(0, withMerchant('M2')) });
    expect(shownError(changed, {}, 'lines.0.merchantId')).toBeUndefined();
  });

  it('startingOver_forgetsTheDraftAndWhatWasShown', () => {
    const f = form(
      { type: 'edit', path: 'customer.name', change: withCustomer({ name: '王' }) },
      { type: 'submit' },
      { type: 'refused', serverErrors: { 'customer.phone': 'no' } },
      { type: 'reset', plannedDate: '2026-11-21' },
    );
    expect(f).toMatchObject({ submitted: false, serverErrors: {}, draft: { customer: { name: '' } } });
    expect(f.touched.size).toBe(0);
    expect(f.draft.lines[0].services[0].plannedDate).toBe('2026-11-21');
  });
});
