import type { Browser } from 'playwright-core';
import { PDFDocument } from 'pdf-lib';
import { localDate } from '@fd/kernel';
import { probe, uniqueName } from '@fd/platform/testing';
import { Api, E2eSystem } from '../support/system';
import { BrowserUsers, buildWebUiIfStale, launchChromium, Login, pdfOpenedBy, screenshot, t, zh } from './browser';

/**
 * Lists that end where the data ends, in a real browser on the running system: the purchases list
 * pages past its first 50 and finds a purchase by the customer's phone and by a form's serial;
 * "print all" gives one PDF with every card and form of the purchase; the review queue says how
 * many cases are left, starts with the one that waited longest, and after a decision goes
 * straight to the next.
 */
describe('complete lists, search, print all and the review queue, in a browser', () => {
  let sys: E2eSystem;
  let browser: Browser;
  let clerk: Api;
  let users: BrowserUsers;
  const people: Record<'clerk' | 'admin', Login> = {} as never;
  /** The purchase to find: the oldest, so on the list's second page; two merchants, two services each. */
  let target: { purchaseId: string; cards: Array<{ cardNo: string }>; forms: Array<{ serial: string }> };
  const phone = '13577779999';
  const pages = async (pdf: Buffer | Uint8Array) => (await PDFDocument.load(pdf)).getPageCount();

  beforeAll(async () => {
    buildWebUiIfStale();
    sys = await E2eSystem.start();
    browser = await launchChromium();
    users = new BrowserUsers(sys, browser);
    const today = localDate(new Date((await sys.admin.get('/_test/clock')).body.now));
    people.clerk = await users.account('clerk');
    people.admin = await users.account('admin');
    clerk = await sys.account('clerk');
    const merchant = async (name: string) =>
      (await sys.admin.post('/merchants', { name: uniqueName(name).slice(0, 30), stall: 'L-1', category: '家具' })).body.id;
    const [a, b] = [await merchant('清單傢俬'), await merchant('清單燈飾')];
    const line = (merchantId: string, services: object[]) => ({
      merchantId,
      items: [{ description: '餐桌', quantity: 1, amountCents: 100000 }],
      services,
    });
    const r = await clerk.post('/purchases', {
      customer: { name: '周雅婷', phone, address: '上海市靜安區南京西路 2 號' },
      lines: [
        line(a, [
          { type: 'deliver', plannedDate: today },
          { type: 'install', plannedDate: today },
        ]),
        line(b, [
          { type: 'deliver', plannedDate: today },
          { type: 'install', plannedDate: today },
        ]),
      ],
    });
    if (r.status !== 201) throw new Error(`purchase refused: ${r.status} ${JSON.stringify(r.body)}`);
    target = r.body;
    // fifty newer purchases push it onto the second page
    for (let i = 0; i < 50; i++) {
      const more = await clerk.post('/purchases', {
        customer: { name: `顧客${i}`, phone: `1360000${String(i).padStart(4, '0')}`, address: '上海市' },
        lines: [line(a, [])],
      });
      if (more.status !== 201) throw new Error(`purchase ${i} refused: ${JSON.stringify(more.body)}`);
    }
    // three findings open three penalty cases, one after the other
    for (const note of ['第一宗', '第二宗', '第三宗'])
      expect(
        (await clerk.post('/findings', { merchantId: a, kind: 'service_without_form', note: `巡查發現無反饋表的安裝：${note}` })).status,
      ).toBe(201);
    const cases = await probe(
      async () => (await sys.admin.get('/penalty-cases?status=open')).body,
      (page) => page.total === 3,
      { what: 'three open cases', timeoutMs: 30000 },
    );
    // the merchant appeals each, so each may be decided now (rather than after its appeal window)
    const merchantA = await sys.account('merchant', a);
    for (const c of cases.items)
      expect((await merchantA.post(`/penalty-cases/${c.id}/appeal`, { statement: '當天有反饋表，請查核' })).status).toBe(201);
  }, 240000);
  afterAll(async () => {
    await users?.closeAll();
    await browser?.close();
    await sys?.stop();
  });

  it('the purchases list pages past its first 50, and finds a purchase by phone and by serial', async () => {
    const page = await users.signIn(people.clerk);
    await page.getByRole('link', { name: zh['nav.purchases'] }).first().click();
    const rows = page.locator('tr[data-purchase]');
    await rows.nth(49).waitFor();
    expect(await rows.count()).toBe(50);
    expect(await page.locator(`tr[data-purchase="${target.purchaseId}"]`).count()).toBe(0);
    await page.getByRole('button', { name: zh['common.loadMore'] }).click();
    await page.locator(`tr[data-purchase="${target.purchaseId}"]`).waitFor();
    expect(await rows.count()).toBe(51);
    await expect(page.getByRole('button', { name: zh['common.loadMore'] }).count()).resolves.toBe(0); // the list ends where the data ends

    // a part of the phone number, as the customer reads it out
    await page.getByLabel(zh['purchases.search']).fill('7777 9999');
    await page.getByRole('button', { name: zh['purchases.searchAction'] }).click();
    await page
      .getByText(t('purchases.noneFound', { q: '7777 9999' }))
      .or(rows.first())
      .first()
      .waitFor();
    await probe(
      () => rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-purchase'))),
      (ids) => ids.length === 1 && ids[0] === target.purchaseId,
      { what: 'only the target purchase', timeoutMs: 10000 },
    );
    await screenshot(page, 'lists-purchases-search-phone');

    // a form's serial, in lower case as typed: its purchase opens
    await page.getByLabel(zh['purchases.search']).fill(target.forms[2].serial.toLowerCase());
    await page.getByRole('button', { name: zh['purchases.searchAction'] }).click();
    await page.waitForURL(`**/purchases/${target.purchaseId}`);
    await page.locator(`[data-purchase="${target.purchaseId}"]`).first().waitFor();
  });

  it('print all gives one PDF with the purchase’s two cards and four forms', async () => {
    const page = await users.signIn(people.clerk);
    await page.goto(`${sys.url}/#/purchases/${target.purchaseId}`);
    const printAll = page.getByRole('button', { name: zh['purchase.printAll'] });
    await printAll.waitFor();
    // what the browser is given: the blob the page opens (or saves), read back as bytes
    const pdf = await pdfOpenedBy(page, () => printAll.click(), 'the PDF of print all');
    let single = 0;
    for (const c of target.cards) single += await pages((await clerk.get(`/cards/${c.cardNo}/print.pdf`)).bytes);
    for (const f of target.forms) single += await pages((await clerk.get(`/forms/${f.serial}/print.pdf`)).bytes);
    expect(target.cards).toHaveLength(2);
    expect(target.forms).toHaveLength(4);
    expect(await pages(pdf)).toBe(single);
    expect(single).toBeGreaterThanOrEqual(6);
  });

  for (const viewport of [undefined, { width: 390, height: 844 }])
    it(`the review queue counts the cases left, oldest first, and goes on to the next case (${viewport ? 'phone' : 'desktop'})`, async () => {
      const queue = (await sys.admin.get('/penalty-cases?status=open&order=oldest')).body;
      const page = await users.signIn(people.admin, viewport);
      await page.goto(`${sys.url}/#/review`);
      const count = page.locator('[data-total]');
      await count.waitFor();
      expect(await count.getAttribute('data-total')).toBe(String(queue.total));
      expect(await count.innerText()).toContain(t('cases.totalOpen', { count: queue.total }));
      const shown = await page.locator('tr[data-case]').evaluateAll((els) => els.map((e) => e.getAttribute('data-case')));
      expect(shown).toEqual(queue.items.map((c: { id: string }) => c.id));
      const opened = queue.items.map((c: { openedAt: string }) => c.openedAt);
      expect(opened).toEqual([...opened].sort());

      await page.locator(`tr[data-case="${queue.items[0].id}"] a`).first().click();
      await page.getByRole('radio', { name: zh['decision.dismiss.action'] }).click();
      await page.getByLabel(zh['cases.decisionReason']).fill('巡查記錄有誤，已核實有反饋表');
      await page.getByRole('button', { name: zh['cases.submitDecision'] }).click();
      const next = page.getByRole('button', { name: t('cases.nextCase', { count: queue.total - 1 }) });
      await next.waitFor({ timeout: 20000 });
      expect(await page.evaluate<string | null>('document.activeElement && document.activeElement.textContent')).toBe(
        await next.textContent(),
      );
      if (!viewport) await screenshot(page, 'lists-review-next-case');
      await next.click();
      await page.waitForURL(`**/cases/${queue.items[1].id}`);
      await page.getByRole('button', { name: zh['cases.submitDecision'] }).waitFor();
    });

  it('pages reported no errors', () => {
    expect(users.opened.flatMap((u) => u.errors)).toEqual([]);
  });
});
