import { PDFDocument } from 'pdf-lib';
import { registerPurchases, Purchases } from './support/contract-records';
import { ContractDesk, expectInvalid, expectProblem, openContractDesk, PHONE } from './support/contract';

/**
 * Lists that end where the data ends, through the entry point: the purchases and forms searches
 * and their pages (docs/api.md#get-purchases, #get-forms), the review queue's order and total
 * (#get-penalty-cases), and a purchase's cards and forms printed as one PDF
 * (#get-purchasespurchaseidprintpdf).
 */
describe('searching, paging and printing all (docs/api.md)', () => {
  let desk: ContractDesk;
  let p: Purchases;
  const ids = (r: { body: { items: Array<{ purchaseId: string }> } }) => r.body.items.map((x) => x.purchaseId);
  const pages = async (pdf: Buffer) => (await PDFDocument.load(pdf)).getPageCount();

  beforeAll(async () => {
    desk = await openContractDesk();
    p = await registerPurchases(desk);
  });
  afterAll(async () => desk?.sys.stop());

  it('thePurchasesSearch_findsByPhoneNameAndCard_pagesOn_andKeepsAMerchantToItsOwn', async () => {
    const both = [p.onlyA.purchaseId, p.shared.purchaseId]; // newest first
    expect(ids(await desk.clerk.get(`/purchases?q=${PHONE.slice(3, 9)}`))).toEqual(both);
    expect(ids(await desk.clerk.get(`/purchases?q=${encodeURIComponent('小明')}`))).toEqual(both);
    const cardOfB = p.shared.cards.find((c: { merchantId: string }) => c.merchantId === desk.b).cardNo;
    expect(ids(await desk.clerk.get(`/purchases?q=${cardOfB.toLowerCase()}`))).toEqual([p.shared.purchaseId]);

    const first = await desk.clerk.get(`/purchases?q=${PHONE}&limit=1`);
    expect(ids(first)).toEqual([p.onlyA.purchaseId]);
    const second = await desk.clerk.get(`/purchases?q=${PHONE}&limit=1&cursor=${first.body.nextCursor}`);
    expect(ids(second)).toEqual([p.shared.purchaseId]);
    expect(second.body.nextCursor).toBeUndefined();

    // merchant B: only the purchase with a line of its own, by the whole number, the phone masked
    const own = await desk.merchantB.get(`/purchases?q=${PHONE}`);
    expect(ids(own)).toEqual([p.shared.purchaseId]);
    expect(own.body.items[0].customer.phone).toBe('138****5678');
    expect(ids(await desk.merchantB.get(`/purchases?q=${PHONE.slice(0, 7)}`))).toEqual([]);
    expectInvalid(await desk.clerk.get(`/purchases?q=${'9'.repeat(101)}`), ['q']);
  });

  it('theFormsSearch_findsASerialOrACardByItsStart_withinTheMerchantsOwn', async () => {
    const f = p.measureB[1];
    const bySerial = await desk.clerk.get(`/forms?q=${f.serial.toLowerCase()}`);
    expect(bySerial.body.items.map((x: { serial: string }) => x.serial)).toEqual([f.serial]);
    const byCard = await desk.clerk.get(`/forms?q=${f.cardNo}&limit=1`);
    expect(byCard.body.items).toHaveLength(1);
    const next = await desk.clerk.get(`/forms?q=${f.cardNo}&limit=1&cursor=${byCard.body.nextCursor}`);
    expect([...byCard.body.items, ...next.body.items].map((x: { serial: string }) => x.serial)).toEqual(
      p.measureB.map((x: { serial: string }) => x.serial),
    );
    expect((await desk.merchantA.get(`/forms?q=${f.serial}`)).body.items).toEqual([]);
    expect((await desk.merchantB.get(`/forms?q=${f.serial}`)).body.items).toHaveLength(1);
  });

  it('theReviewQueue_isOldestFirst_withItsTotal', async () => {
    const queue = await desk.admin.get('/penalty-cases?status=open&order=oldest');
    expect(queue.status).toBe(200);
    expect(queue.body.total).toBe(queue.body.items.length);
    const opened = queue.body.items.map((c: { openedAt: string }) => c.openedAt);
    expect(opened).toEqual([...opened].sort());
    expectInvalid(await desk.admin.get('/penalty-cases?order=sideways'), ['order']);
  });

  it('printAll_givesOnePdf_withEveryCardFollowedByItsForms_forTheDeskOnly', async () => {
    const r = await desk.clerk.get(`/purchases/${p.shared.purchaseId}/print.pdf`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/pdf');
    expect(r.headers.get('content-disposition')).toBe(`inline; filename="purchase-${p.shared.purchaseId}.pdf"`);
    // as many pages as the single prints of its 2 cards and 6 forms together
    let single = 0;
    for (const c of p.shared.cards) single += await pages((await desk.clerk.get(`/cards/${c.cardNo}/print.pdf`)).bytes);
    for (const f of p.shared.forms) single += await pages((await desk.clerk.get(`/forms/${f.serial}/print.pdf`)).bytes);
    expect(p.shared.cards).toHaveLength(2);
    expect(p.shared.forms).toHaveLength(6);
    expect(await pages(r.bytes)).toBe(single);

    expectProblem(await desk.merchantA.get(`/purchases/${p.shared.purchaseId}/print.pdf`), 403);
    expectProblem(await desk.clerk.get('/purchases/no-such-purchase/print.pdf'), 404, 'PURCHASE_NOT_FOUND');
    expectProblem(await desk.sys.anonymous().get(`/purchases/${p.shared.purchaseId}/print.pdf`), 401);
  });
});
